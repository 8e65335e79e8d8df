using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ariadne.Registry;
using Ariadne.Tests.Support;
using Ariadne.Tracking;
using Ariadne.Tracking.Http;

namespace Ariadne.Tests.Registry;

/// <summary>
/// A model registered on a tracking server (a real 'ariadne server' process) is downloaded by a colleague whose
/// workspace has never seen its bytes: 'ariadne models download' and the SDK's DownloadModelAsync fetch the files
/// through the server's artifact proxy, each checked against its hash; and an MLflow client's path for
/// <c>models:/</c> (get-download-uri, then the mlflow-artifacts proxy) gives the same bytes.
/// </summary>
public sealed partial class ModelDownloadOverServerTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private Process? _server;

    public Task InitializeAsync() => Task.CompletedTask;

    // IAsyncLifetime, not IAsyncDisposable: xUnit 2 calls this one, so the server process never outlives the test.
    public async Task DisposeAsync()
    {
        if (_server is { } server)
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            server.Dispose();
        }

        _folder.Dispose();
    }

    [Fact]
    public async Task A_colleague_downloads_a_model_registered_on_the_server_through_its_artifact_proxy_with_the_cli_and_the_sdk()
    {
        // Given a researcher who logged a two-file model through the server (no workspace, no shared folder) and registered it.
        var address = await StartServerAsync();
        var weights = Random(2_000_000, 1);
        var (runId, experimentId) = await RegisterAsync(address, weights);

        // When a colleague in a fresh workspace downloads it with the CLI (another process, the server as its store)...
        var colleague = _folder.Combine("colleague");
        Directory.CreateDirectory(colleague);
        Assert.Equal(0, CliRunner.Run(colleague, "init").ExitCode);
        var cli = RunCli(colleague, address, "models", "download", "models:/penguins@champion", "deployed");

        // Then every file arrived intact, and the colleague's cache never held them.
        Assert.True(cli.ExitCode == 0, cli.Out + cli.Error);
        Assert.Contains("Wrote 2 file(s) of models:/penguins/1", cli.Out, StringComparison.Ordinal);
        Assert.Equal(weights, File.ReadAllBytes(Path.Combine(colleague, "deployed", "weights.bin")));
        Assert.Equal("{\"classes\": 3}", File.ReadAllText(Path.Combine(colleague, "deployed", "config", "model.json")));

        // ...and with the SDK, from a client with no workspace at all.
        await using (var sdk = TrackingClient.ForStore(CheckedTrackingStore.Wrap(Client(address, "sdk-spool"))))
        {
            var written = await sdk.DownloadModelAsync("models:/penguins/1", _folder.Combine("sdk", "model"));
            Assert.Equal([_folder.Combine("sdk", "model", "config", "model.json"), _folder.Combine("sdk", "model", "weights.bin")], written.Order(StringComparer.Ordinal));
            Assert.Equal(weights, File.ReadAllBytes(_folder.Combine("sdk", "model", "weights.bin")));
        }

        // MLflow's path for models:/ : get-download-uri names the run's artifact folder, which the mlflow-artifacts proxy serves.
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(90) };
        var uri = JsonDocument.Parse(await http.GetStringAsync("api/2.0/mlflow/model-versions/get-download-uri?name=penguins&version=1")).RootElement.GetProperty("artifact_uri").GetString()!;
        Assert.EndsWith($"{experimentId}/{runId}/artifacts/model", uri, StringComparison.Ordinal);
        var proxyPath = uri[(uri.IndexOf(":/", StringComparison.Ordinal) + 2)..].TrimStart('/');
        var listing = JsonDocument.Parse(await http.GetStringAsync($"api/2.0/mlflow-artifacts/artifacts?path={Uri.EscapeDataString(proxyPath)}")).RootElement;
        Assert.Equal(["config", "weights.bin"], listing.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(weights, await http.GetByteArrayAsync($"api/2.0/mlflow-artifacts/artifacts/{proxyPath}/weights.bin"));
    }

    [Fact]
    public async Task A_file_the_server_holds_with_other_bytes_is_refused_and_nothing_is_left_at_the_destination()
    {
        var address = await StartServerAsync();
        var weights = Random(300_000, 2);
        await RegisterAsync(address, weights);
        var hash = Ariadne.Content.ContentHasher.HashBytes(weights).Hex;

        // The server's copy of the weights is damaged behind its back (a disk error, a bad restore).
        var stored = _folder.Combine("server-artifacts", hash[..2], hash[2..]);
        File.SetUnixFileMode(stored, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var damaged = (byte[])weights.Clone();
        damaged[1234] ^= 0xFF;
        File.WriteAllBytes(stored, damaged);

        await using var sdk = TrackingClient.ForStore(CheckedTrackingStore.Wrap(Client(address, "sdk-spool")));
        var error = await Assert.ThrowsAsync<AriadneException>(() => sdk.DownloadModelAsync("models:/penguins@champion", _folder.Combine("out")));

        // The server hashes what it streams and breaks off before the end; the client says so, naming the file.
        Assert.Contains($"the download of artifact 'model/weights.bin' ({hash}) broke off before its end", error.Message, StringComparison.Ordinal);
        Assert.Contains("its copy may be damaged", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_folder.Combine("out", "weights.bin")));
        Assert.False(File.Exists(_folder.Combine("out", "weights.bin.download")));
    }

    [Fact]
    public async Task A_version_registered_from_a_workspace_path_says_the_server_does_not_hold_its_files()
    {
        var address = await StartServerAsync();
        var researcher = _folder.Combine("researcher");
        Directory.CreateDirectory(researcher);
        Assert.Equal(0, CliRunner.Run(researcher, "init").ExitCode);
        File.WriteAllText(Path.Combine(researcher, "model.txt"), "weights");
        var registered = RunCli(researcher, address, "models", "register", "loose", "model.txt");
        Assert.True(registered.ExitCode == 0, registered.Out + registered.Error);

        var colleague = _folder.Combine("colleague");
        Directory.CreateDirectory(colleague);
        var result = RunCli(colleague, address, "models", "download", "models:/loose/1", "out");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("1 of the 1 files of models:/loose/1 cannot be read: there is no workspace here", result.Error, StringComparison.Ordinal);
        Assert.Contains("so the server does not hold its files: pull it from the remote it was pushed to ('ariadne models pull')", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(colleague, "out")));
    }

    private async Task<(string RunId, string ExperimentId)> RegisterAsync(Uri address, byte[] weights)
    {
        var model = _folder.Combine("researcher-files", "model");
        Directory.CreateDirectory(Path.Combine(model, "config"));
        File.WriteAllBytes(Path.Combine(model, "weights.bin"), weights);
        File.WriteAllText(Path.Combine(model, "config", "model.json"), "{\"classes\": 3}");
        await using var researcher = TrackingClient.ForStore(CheckedTrackingStore.Wrap(Client(address, "researcher-spool")));
        var run = await researcher.StartNewRunAsync("models", "train", null);
        await run.LogArtifactAsync(model, "model");
        var version = await run.RegisterModelAsync("penguins", "model", alias: "champion");
        await run.EndAsync();
        Assert.Equal(2, version.Files.Count);
        return (run.RunId, run.Info.ExperimentId);
    }

    // A server process just started on a loaded machine can take longer than the default 5 s to answer its first requests.
    private HttpTrackingStore Client(Uri server, string spool) => new(server, token: null, _folder.Combine(spool), timeout: TimeSpan.FromSeconds(90));

    private static byte[] Random(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>The CLI as its own process, with the server as its tracking store (as a colleague's shell would set it).</summary>
    private static CliRunner.Result RunCli(string folder, Uri server, params string[] args)
    {
        var start = CliRunner.ProcessStart(folder, args);
        start.Environment[TrackingKeys.TrackingUriVariable] = server.ToString().TrimEnd('/');
        start.Environment["ARIADNE_TRACKING_TIMEOUT"] = "90";
        start.Environment.Remove(TrackingKeys.RunIdVariable);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new CliRunner.Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    private async Task<Uri> StartServerAsync()
    {
        var workspace = _folder.Combine("server-ws");
        Directory.CreateDirectory(workspace);
        Assert.Equal(0, CliRunner.Run(workspace, "init").ExitCode);
        _server = Process.Start(CliRunner.ProcessStart(workspace, "server", "--port", "0", "--artifacts", _folder.Combine("server-artifacts")))!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        while (await _server.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (AddressPattern().Match(line) is { Success: true } match)
            {
                _ = _server.StandardOutput.ReadToEndAsync(CancellationToken.None);
                _ = _server.StandardError.ReadToEndAsync(CancellationToken.None);
                return new Uri(match.Value + "/");
            }
        }

        throw new InvalidOperationException($"'ariadne server' ended without serving: {await _server.StandardError.ReadToEndAsync(CancellationToken.None)}");
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+")]
    private static partial Regex AddressPattern();
}
