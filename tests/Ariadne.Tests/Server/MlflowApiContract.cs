using System.Text.Json;
using Ariadne.Tracking;

namespace Ariadne.Tests.Server;

/// <summary>
/// MLflow's REST API 2.0 as service.proto and the REST docs define it, spoken in raw JSON against a real server.
/// Every store backend passes the same suite (SQLite, PostgreSQL).
/// </summary>
public abstract partial class MlflowApiContract : IAsyncLifetime
{
    protected ServerUnderTest Api { get; private set; } = null!;

    protected abstract Task<ITrackingStore> CreateStoreAsync();

    public async Task InitializeAsync() => Api = await ServerUnderTest.StartAsync(await CreateStoreAsync());

    public virtual async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await Api.Store.DisposeAsync();
    }

    protected async Task<string> CreateExperimentAsync(string name)
    {
        var reply = (await Api.PostAsync("experiments/create", $$"""{"name": "{{name}}"}""")).EnsureOk();
        return reply["experiment_id"].GetString()!;
    }

    protected async Task<string> CreateRunAsync(string experimentId, string? name = null, long startTime = 1_700_000_000_000)
    {
        var reply = (await Api.PostAsync("runs/create", JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["experiment_id"] = experimentId,
            ["run_name"] = name,
            ["start_time"] = startTime,
            ["user_id"] = "ada",
        }))).EnsureOk();
        return reply["run"].GetProperty("info").GetProperty("run_id").GetString()!;
    }

    protected static void AssertError(ApiReply reply, int status, string errorCode)
    {
        Assert.True(reply.Status == status, $"Expected {status} {errorCode}, got {reply.Status}: {reply.Text}");
        Assert.Equal(errorCode, reply.ErrorCode);
        Assert.False(string.IsNullOrWhiteSpace(reply["message"].GetString()));
    }

    protected static Dictionary<string, string> KeyValues(JsonElement list) =>
        list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().ToDictionary(e => e.GetProperty("key").GetString()!, e => e.GetProperty("value").GetString()!)
            : [];
}
