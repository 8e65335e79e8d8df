using System.Diagnostics;
using System.Text.RegularExpressions;
using Ariadne.Remotes;
using Ariadne.Tests.Support;
using Ariadne.Tracking;
using Ariadne.Tracking.Http;

namespace Ariadne.Tests.Server;

/// <summary>
/// Artifacts logged through the SDK to a tracking server reach the server's artifact store: content-addressed, sent
/// only when the server lacks it, resumed after a broken upload, kept in the spool while the server is away, and
/// downloaded by a colleague on another machine (another client, no shared folders) by run id and path.
/// </summary>
public sealed partial class ArtifactUploadTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private Process? _server;

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>xUnit 2 calls this (it does not call IAsyncDisposable on a test class): the server a test restarted is stopped.</summary>
    public async Task DisposeAsync()
    {
        await StopServerAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task An_artifact_logged_without_a_workspace_is_downloaded_by_a_colleague_with_the_same_bytes()
    {
        await using var database = TrackingStoreRegistry.Open("sqlite:///" + _folder.Combine("tracking.db").TrimStart('/'));
        await using var server = await ServerUnderTest.StartAsync(database, Artifacts("server-artifacts"));
        var model = WriteRandom("model.bin", 3_000_000);
        var researcher = Client(server.Address, "researcher-spool", chunkBytes: 1 << 20);
        string runId;
        await using (var tracking = TrackingClient.ForStore(CheckedTrackingStore.Wrap(researcher)))
        {
            var run = await tracking.StartNewRunAsync("upload", "no-workspace", null);
            runId = run.RunId;
            Assert.True(run.CanStoreArtifacts);
            var before = researcher.BytesUploaded; // environment.json, logged when the run started
            await run.LogArtifactAsync(model, "model/weights.bin");
            await run.LogTextAsync("accuracy 0.93", "report.txt");
            await run.EndAsync();
            Assert.Equal(3_000_000 + "accuracy 0.93".Length, researcher.BytesUploaded - before);
        }

        Assert.Empty(Directory.EnumerateFiles(researcher.Staging.ObjectsFolder, "*", SearchOption.AllDirectories));
        await researcher.DisposeAsync();

        await using var colleague = TrackingClient.ForStore(CheckedTrackingStore.Wrap(Client(server.Address, "colleague-spool")));
        await colleague.DownloadArtifactAsync(runId, "model/weights.bin", _folder.Combine("colleague", "weights.bin"));
        await colleague.DownloadArtifactAsync(runId, "report.txt", _folder.Combine("colleague", "report.txt"));
        Assert.Equal(File.ReadAllBytes(model), File.ReadAllBytes(_folder.Combine("colleague", "weights.bin")));
        Assert.Equal("accuracy 0.93", File.ReadAllText(_folder.Combine("colleague", "report.txt")));
    }

    [Fact]
    public async Task Content_the_server_already_holds_is_not_sent_again()
    {
        await using var database = TrackingStoreRegistry.Open("sqlite:///" + _folder.Combine("tracking.db").TrimStart('/'));
        await using var server = await ServerUnderTest.StartAsync(database, Artifacts("server-artifacts"));
        var data = WriteRandom("data.bin", 500_000);
        await using var client = Client(server.Address, "spool");
        await using var tracking = TrackingClient.ForStore(CheckedTrackingStore.Wrap(client));
        var first = await tracking.StartNewRunAsync("upload", "first", null);
        var before = client.BytesUploaded;
        await first.LogArtifactAsync(data, "a.bin");
        Assert.Equal(500_000, client.BytesUploaded - before);

        var second = await tracking.StartNewRunAsync("upload", "second", null);
        before = client.BytesUploaded;
        await second.LogArtifactAsync(data, "copy/of/a.bin");

        Assert.Equal(0, client.BytesUploaded - before);
        Assert.Contains(await database.ListArtifactsAsync(second.RunId, default), a => a.Path == "copy/of/a.bin");
        await first.EndAsync();
        await second.EndAsync();
    }

    [Fact]
    public async Task An_upload_broken_off_half_way_resumes_from_the_bytes_the_server_has()
    {
        await using var database = TrackingStoreRegistry.Open("sqlite:///" + _folder.Combine("tracking.db").TrimStart('/'));
        await using var server = await ServerUnderTest.StartAsync(database, Artifacts("server-artifacts"), tempFolder: _folder.Combine("server-temp"));
        const int chunk = 64 << 10;
        var file = WriteRandom("big.bin", 20 * chunk + 123);
        var bytes = File.ReadAllBytes(file);
        var hash = Ariadne.Content.ContentHasher.HashFile(file).Hex;

        // A client killed after three chunks left them on the server.
        for (var i = 0; i < 3; i++)
        {
            using var content = new ByteArrayContent(bytes, i * chunk, chunk);
            var put = await server.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"api/ariadne/artifacts/uploads/{hash}?offset={i * chunk}&size={bytes.Length}") { Content = content });
            put.EnsureOk();
        }

        // A chunk at the wrong offset is refused with the offset to continue from.
        using (var wrong = new ByteArrayContent(bytes, 0, chunk))
        {
            var refused = await server.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"api/ariadne/artifacts/uploads/{hash}?offset=0&size={bytes.Length}") { Content = wrong });
            Assert.Equal(409, refused.Status);
            Assert.Contains($"offset {3 * chunk}", refused.Text, StringComparison.Ordinal);
        }

        await using var client = Client(server.Address, "spool", chunkBytes: chunk);
        await using var tracking = TrackingClient.ForStore(CheckedTrackingStore.Wrap(client));
        var run = await tracking.StartNewRunAsync("upload", "resumed", null);
        var before = client.BytesUploaded;
        await run.LogArtifactAsync(file, "big.bin");

        Assert.Equal(bytes.Length - (3 * chunk), client.BytesUploaded - before);
        await tracking.DownloadArtifactAsync(run.RunId, "big.bin", _folder.Combine("back.bin"));
        Assert.Equal(bytes, File.ReadAllBytes(_folder.Combine("back.bin")));
        await run.EndAsync();
    }

    [Fact]
    public async Task Artifacts_logged_while_the_server_process_is_killed_are_spooled_and_uploaded_by_sync_after_its_restart()
    {
        var workspace = _folder.Combine("server-ws");
        Directory.CreateDirectory(workspace);
        Assert.Equal(0, CliRunner.Run(workspace, "init").ExitCode);
        var address = await StartServerAsync(workspace, "0");
        var port = new Uri(address).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var model = WriteRandom("offline-model.bin", 1_500_000);
        var client = Client(new Uri(address), "researcher-spool", chunkBytes: 256 << 10);
        string runId;
        await using (var tracking = TrackingClient.ForStore(CheckedTrackingStore.Wrap(client)))
        {
            var run = await tracking.StartNewRunAsync("offline", "killed-server", null);
            runId = run.RunId;

            // kill -9 the server: the artifact goes to the spool, its bytes to the spool's staging area.
            await StopServerAsync();
            await run.LogArtifactAsync(model, "model.bin");
            Assert.True(client.IsOffline);
            Assert.Single(Directory.EnumerateFiles(client.Staging.ObjectsFolder, "*", SearchOption.AllDirectories));
            await run.EndAsync();
        }

        await client.DisposeAsync();

        // The server comes back on the same address; 'sync' from another process's client uploads the spool.
        await StartServerAsync(workspace, port);
        await using (var sync = Client(new Uri(address), "researcher-spool"))
        {
            var result = await sync.SyncAsync(default);
            Assert.Equal(0, result.Pending);
            Assert.Empty(result.Problems);
            Assert.Equal(1_500_000, sync.BytesUploaded);
        }

        await using var colleague = TrackingClient.ForStore(CheckedTrackingStore.Wrap(Client(new Uri(address), "colleague-spool")));
        await colleague.DownloadArtifactAsync(runId, "model.bin", _folder.Combine("colleague", "model.bin"));
        Assert.Equal(File.ReadAllBytes(model), File.ReadAllBytes(_folder.Combine("colleague", "model.bin")));
        Assert.Equal(RunStatus.Finished, (await colleague.Store.GetRunAsync(runId, default)).Info.Status);
    }

    private HttpTrackingStore Client(Uri server, string spool, int chunkBytes = HttpTrackingStore.DefaultChunkBytes) =>
        new(server, token: null, _folder.Combine(spool)) { ProbeInterval = TimeSpan.FromMilliseconds(200), ChunkBytes = chunkBytes };

    private LocalFolderStore Artifacts(string name) => new(new RemoteSettings("artifacts", _folder.Combine(name), new Dictionary<string, string>()));

    private string WriteRandom(string name, int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        var path = _folder.Combine(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private async Task<string> StartServerAsync(string workspace, string port)
    {
        _server = Process.Start(CliRunner.ProcessStart(workspace, "server", "--port", port))!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await _server.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (AddressPattern().Match(line) is { Success: true } match)
            {
                _ = _server.StandardOutput.ReadToEndAsync(CancellationToken.None);
                _ = _server.StandardError.ReadToEndAsync(CancellationToken.None);
                return match.Value;
            }
        }

        throw new InvalidOperationException($"'ariadne server' ended without serving: {await _server.StandardError.ReadToEndAsync(CancellationToken.None)}");
    }

    private async Task StopServerAsync()
    {
        if (_server is { } server)
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            server.Dispose();
            _server = null;
        }
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+")]
    private static partial Regex AddressPattern();
}
