using System.Text.Json;

namespace Ariadne.Tests.Server;

public abstract partial class MlflowApiContract
{
    [Fact]
    public async Task Cafe_composed_and_decomposed_is_one_experiment()
    {
        var composed = await CreateExperimentAsync("caf\u00e9");

        var decomposed = await Api.PostAsync("experiments/create", JsonSerializer.Serialize(new { name = "cafe\u0301" }));
        var found = (await Api.GetAsync("experiments/get-by-name", "experiment_name=" + Uri.EscapeDataString("cafe\u0301"))).EnsureOk();

        AssertError(decomposed, 400, "RESOURCE_ALREADY_EXISTS");
        Assert.Equal(composed, found["experiment"].GetProperty("experiment_id").GetString());
        Assert.Equal("caf\u00e9", found["experiment"].GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("experiments/create", "name", "report\u202Etxt.exe")]
    [InlineData("experiments/create", "name", "zero\u200Bwidth")]
    [InlineData("experiments/create", "name", "bell\u0007")]
    [InlineData("runs/log-parameter", "key", "lr\u200D")]
    [InlineData("runs/set-tag", "key", "owner\u202E")]
    [InlineData("runs/log-metric", "key", "acc\u0000")]
    public async Task Names_and_keys_with_invisible_or_control_characters_are_refused(string action, string field, string value)
    {
        var runId = await CreateRunAsync("0");
        var body = new Dictionary<string, object> { [field] = value, ["run_id"] = runId, ["value"] = action == "runs/log-metric" ? 1.0 : "v", ["timestamp"] = 1 };

        var reply = await Api.PostAsync(action, JsonSerializer.Serialize(body));

        AssertError(reply, 400, "INVALID_PARAMETER_VALUE");
        Assert.Contains("invisible or control character", reply["message"].GetString(), StringComparison.Ordinal);
    }
}
