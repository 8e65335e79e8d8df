using System.Net.Http.Headers;
using System.Text;
using Ariadne.Server;
using Ariadne.Server.Auth;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Server;

/// <summary>Tokens and roles: no token or a wrong one is 401, a role too low is 403; readers read, writers write, admins delete.</summary>
public sealed class AuthenticationTests : IAsyncLifetime
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
    public async Task Requests_without_or_with_a_wrong_token_are_401_and_change_nothing()
    {
        var none = await _api.PostAsync("experiments/create", """{"name": "x"}""");
        _api.UseToken("ari_0000000000000000000000000000000000000000000000");
        var wrong = await _api.PostAsync("experiments/create", """{"name": "x"}""");
        _api.UseToken(null);
        var health = await _api.SendAsync(HttpMethod.Get, "health", null);

        Assert.Equal(401, none.Status);
        Assert.Equal("UNAUTHENTICATED", none.ErrorCode);
        Assert.Equal(401, wrong.Status);
        Assert.Equal("UNAUTHENTICATED", wrong.ErrorCode);
        Assert.Equal(200, health.Status);
        Assert.Null(await _api.Store.GetExperimentByNameAsync("x", default));
    }

    [Fact]
    public async Task Readers_read_but_cannot_write()
    {
        _api.UseToken(_reader);

        var search = await _api.PostAsync("runs/search", """{"experiment_ids": ["0"]}""");
        var get = await _api.GetAsync("experiments/get", "experiment_id=0");
        var create = await _api.PostAsync("experiments/create", """{"name": "by-reader"}""");
        var run = await _api.PostAsync("runs/create", """{"experiment_id": "0"}""");
        var upload = await _api.SendAsync(HttpMethod.Put, "api/2.0/mlflow-artifacts/artifacts/0/x/artifacts/a.txt", "x");

        Assert.Equal(200, search.Status);
        Assert.Equal(200, get.Status);
        Assert.Equal(403, create.Status);
        Assert.Equal("PERMISSION_DENIED", create.ErrorCode);
        Assert.Equal(403, run.Status);
        Assert.Equal(403, upload.Status);
        Assert.Null(await _api.Store.GetExperimentByNameAsync("by-reader", default));
    }

    [Fact]
    public async Task Writers_log_and_the_run_is_theirs_but_only_admins_delete_experiments()
    {
        _api.UseToken(_writer);
        var id = (await _api.PostAsync("experiments/create", """{"name": "team"}""")).EnsureOk()["experiment_id"].GetString();
        var runId = (await _api.PostAsync("runs/create", $$"""{"experiment_id": "{{id}}"}""")).EnsureOk()["run"].GetProperty("info").GetProperty("run_id").GetString();
        (await _api.PostAsync("runs/log-metric", $$"""{"run_id": "{{runId}}", "key": "a", "value": 1, "timestamp": 1}""")).EnsureOk();
        var deleteByWriter = await _api.PostAsync("experiments/delete", $$"""{"experiment_id": "{{id}}"}""");
        _api.UseToken(_admin);
        var deleteByAdmin = await _api.PostAsync("experiments/delete", $$"""{"experiment_id": "{{id}}"}""");

        Assert.Equal(403, deleteByWriter.Status);
        Assert.Equal("PERMISSION_DENIED", deleteByWriter.ErrorCode);
        Assert.Equal(200, deleteByAdmin.Status);
        Assert.Equal("walt", (await _api.Store.GetRunAsync(runId!, default)).Info.UserId);
    }

    [Fact]
    public async Task Basic_auth_with_the_token_as_password_works_as_mlflow_clients_send_it()
    {
        _api.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("walt:" + _writer)));
        var ok = await _api.PostAsync("experiments/create", """{"name": "basic"}""");
        _api.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("walt:wrong")));
        var wrong = await _api.PostAsync("experiments/create", """{"name": "basic-2"}""");

        Assert.Equal(200, ok.Status);
        Assert.Equal(401, wrong.Status);
    }

    [Fact]
    [Trait("Service", "Node")]
    public async Task Npm_mlflow_client_works_with_a_bearer_token()
    {
        var (exitCode, output) = await NodeClient.RunAsync(_api.Address, _admin);

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task Without_tokens_a_non_loopback_address_is_refused_before_binding()
    {
        await using var store = TrackingStoreRegistry.Open("sqlite:///" + _folder.Combine("other.db").TrimStart('/'));

        var e = await Assert.ThrowsAsync<AriadneException>(() => TrackingServer.StartAsync(new TrackingServerOptions { Store = store, Host = "0.0.0.0", Port = 0 }));

        Assert.Equal(ErrorCode.InvalidArgument, e.Code);
        Assert.Contains("--insecure-no-auth", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Token_file_keeps_hashes_only_and_the_cli_prints_the_token_once()
    {
        var file = _folder.Combine("cli-tokens.json");

        var result = CliRunner.Run(_folder.Path, "server", "token", "create", "--role", "writer", "--name", "ci", "--tokens", file);

        Assert.Equal(0, result.ExitCode);
        var token = result.Out.Trim();
        Assert.StartsWith(TokenFile.Prefix, token, StringComparison.Ordinal);
        Assert.DoesNotContain(token, File.ReadAllText(file), StringComparison.Ordinal);
        Assert.Equal(("ci", Role.Writer), TokenFile.Load(file).Find(token));
        Assert.Null(TokenFile.Load(file).Find(token + "x"));
        Assert.NotEqual(0, CliRunner.Run(_folder.Path, "server", "token", "create", "--role", "root", "--tokens", file).ExitCode);
    }
}
