using Ariadne.Server.Auth;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Server;

/// <summary>The registry's roles, as for the rest of the API: readers read, writers register, admins delete.</summary>
public sealed class RegistryRolesTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private ServerUnderTest _api = null!;
    private string _reader = "";
    private string _writer = "";
    private string _admin = "";

    public async Task InitializeAsync()
    {
        var tokens = TokenFile.Load(_folder.Combine("tokens.json"));
        _reader = tokens.Create("rita", Role.Reader, DateTimeOffset.UnixEpoch);
        _writer = tokens.Create("walt", Role.Writer, DateTimeOffset.UnixEpoch);
        _admin = tokens.Create("ada", Role.Admin, DateTimeOffset.UnixEpoch);
        _api = await ServerUnderTest.StartAsync(TrackingStoreRegistry.Open("sqlite:///" + _folder.Combine("tracking.db").TrimStart('/')), tokens: TokenFile.Load(_folder.Combine("tokens.json")));
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _api.Store.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Readers_read_writers_register_as_themselves_and_only_admins_delete()
    {
        _api.UseToken(_reader);
        var byReader = await _api.PostAsync("registered-models/create", """{"name": "penguins"}""");
        _api.UseToken(_writer);
        (await _api.PostAsync("registered-models/create", """{"name": "penguins"}""")).EnsureOk();
        var version = (await _api.PostAsync("model-versions/create", """{"name": "penguins", "source": "outs/model", "ariadne": {"registered_by": "someone-else"}}""")).EnsureOk()["model_version"];
        var deleteByWriter = await _api.SendAsync(HttpMethod.Delete, "api/2.0/mlflow/registered-models/delete", """{"name": "penguins"}""");
        var versionDeleteByWriter = await _api.SendAsync(HttpMethod.Delete, "api/2.0/mlflow/model-versions/delete", """{"name": "penguins", "version": "1"}""");
        _api.UseToken(_reader);
        var searchByReader = await _api.PostAsync("registered-models/search", "{}");
        var getByReader = await _api.GetAsync("model-versions/get", "name=penguins&version=1");
        _api.UseToken(_admin);
        var deleteByAdmin = await _api.SendAsync(HttpMethod.Delete, "api/2.0/mlflow/registered-models/delete", """{"name": "penguins"}""");

        Assert.Equal((403, "PERMISSION_DENIED"), (byReader.Status, byReader.ErrorCode));
        Assert.Equal("walt", version.GetProperty("user_id").GetString());
        Assert.Equal((403, 403), (deleteByWriter.Status, versionDeleteByWriter.Status));
        Assert.Equal((200, 200), (searchByReader.Status, getByReader.Status));
        Assert.Equal(200, deleteByAdmin.Status);
        await Assert.ThrowsAsync<AriadneException>(() => _api.Store.GetRegisteredModelAsync("penguins", default));
    }
}
