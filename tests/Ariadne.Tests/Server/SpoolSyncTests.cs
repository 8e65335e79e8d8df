using System.Diagnostics;
using Ariadne.Server.Auth;
using Ariadne.Tests.Support;
using Ariadne.Tracking;
using Ariadne.Tracking.Http;

namespace Ariadne.Tests.Server;

/// <summary>
/// 'ariadne sync' and the spool under the failures a flaky cluster brings: a token that is wrong, a nested run started
/// offline, a disk that fills while logging, another spelling of the server's address, a spool folder that cannot be
/// written.
/// </summary>
public sealed class SpoolSyncTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private ITrackingStore _database = null!;

    private string SpoolRoot => _folder.Combine("spool");

    public Task InitializeAsync()
    {
        _database = TrackingStoreRegistry.Open("sqlite:///" + _folder.Combine("tracking.db").TrimStart('/'));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _folder.Dispose();
    }

    private static HttpTrackingStore Client(string address, string spoolRoot, string? token = null) =>
        new(new Uri(address), token, spoolRoot, attempts: 2, firstDelay: TimeSpan.FromMilliseconds(10), timeout: TimeSpan.FromSeconds(10));

    private static List<Metric> Points(int from, int count) =>
        [.. Enumerable.Range(from, count).Select(i => new Metric("loss", 1.0 / (i + 1), 1_700_000_000_000 + i, i))];

    private static string FreeAddress()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return $"http://127.0.0.1:{((System.Net.IPEndPoint)probe.LocalEndpoint).Port}/";
    }

    private CliRunner.Result Sync(string store, params (string Key, string Value)[] environment)
    {
        var variables = new Dictionary<string, string> { ["ARIADNE_SPOOL_DIR"] = SpoolRoot };
        foreach (var (key, value) in environment)
        {
            variables[key] = value;
        }

        return CliRunner.RunWithEnvironment(_folder.Path, variables, ["sync", "--store", store]);
    }

    private string[] Files(string pattern) =>
        Directory.Exists(SpoolRoot) ? Directory.GetFiles(SpoolRoot, pattern, SearchOption.AllDirectories) : [];

    /// <summary>Logs a run while no server listens at <paramref name="address"/>; returns its id.</summary>
    private async Task<string> LogOfflineAsync(string address, int points, string? parentRunId = null, string spoolRoot = "")
    {
        await using var client = Client(address, spoolRoot.Length > 0 ? spoolRoot : SpoolRoot);
        var info = await client.CreateRunInExperimentAsync("offline", new NewRun("", "offline", 1_700_000_000_000, "ada", parentRunId), default);
        await client.LogBatchAsync(info.RunId, Points(0, points), [], [], default);
        await client.UpdateRunAsync(info.RunId, RunStatus.Finished, 1_700_000_100_000, null, default);
        return info.RunId;
    }

    [Fact]
    public async Task A_refused_token_stops_the_sync_keeps_the_spool_and_the_right_token_uploads_it()
    {
        var address = FreeAddress();
        var runId = await LogOfflineAsync(address, 300);
        var tokens = TokenFile.Load(_folder.Combine("tokens.json"));
        var writer = tokens.Create("walt", Role.Writer, DateTimeOffset.UnixEpoch);
        await using var server = await ServerUnderTest.StartAsync(_database, tokens: TokenFile.Load(_folder.Combine("tokens.json")), port: new Uri(address).Port);

        var wrong = Sync(address, ("ARIADNE_TRACKING_TOKEN", writer + "x"));

        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Contains("refused the token", wrong.Error, StringComparison.Ordinal);
        Assert.Contains("ARIADNE_TRACKING_TOKEN", wrong.Error, StringComparison.Ordinal);
        Assert.Single(Files("*.jsonl"));
        Assert.Empty(Files("*.rejected"));

        var right = Sync(address, ("ARIADNE_TRACKING_TOKEN", writer));

        Assert.True(right.ExitCode == 0, right.Out + right.Error);
        Assert.Equal(300, (await _database.GetMetricHistoryAsync(runId, "loss", default)).Count);
        Assert.Equal(RunStatus.Finished, (await _database.GetRunAsync(runId, default)).Info.Status);
        Assert.Empty(Files("*.jsonl"));
    }

    [Fact]
    public async Task A_malformed_write_is_set_aside_listed_by_sync_and_sent_again_with_retry_rejected()
    {
        var address = FreeAddress();
        var port = new Uri(address).Port;
        string runId;
        await using (var client = Client(address, SpoolRoot))
        {
            await using (await ServerUnderTest.StartAsync(_database, port: port))
            {
                runId = (await client.CreateRunAsync(new NewRun("0", "conflict", 1_700_000_000_000, "ada"), default)).RunId;
                await client.LogBatchAsync(runId, [], [new Param("lr", "0.1")], [], default);
            }

            // Offline nothing checks the params: the server refuses the changed value when the spool arrives.
            await client.LogBatchAsync(runId, Points(0, 10), [], [], default);
            await client.LogBatchAsync(runId, [], [new Param("lr", "0.2")], [], default);
            await client.LogBatchAsync(runId, Points(10, 10), [], [], default);
        }

        await using var server = await ServerUnderTest.StartAsync(_database, port: port);
        var first = Sync(address);

        Assert.Equal(1, first.ExitCode);
        Assert.Contains("1 write(s) were refused by the server as malformed", first.Out, StringComparison.Ordinal);
        var rejected = Assert.Single(Files("*.rejected"));
        Assert.Contains(rejected, first.Out, StringComparison.Ordinal);
        Assert.Contains("--retry-rejected", first.Out, StringComparison.Ordinal);
        Assert.Equal(20, (await _database.GetMetricHistoryAsync(runId, "loss", default)).Count);

        // Listed again by a later sync, and refused again when retried: it stays set aside.
        var again = CliRunner.RunWithEnvironment(_folder.Path, new() { ["ARIADNE_SPOOL_DIR"] = SpoolRoot }, "sync", "--store", address, "--retry-rejected");
        Assert.Contains(rejected, again.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(rejected));

        // Corrected by hand (the value the run already has), the retry sends it and the file is gone.
        File.WriteAllText(rejected, File.ReadAllText(rejected).Replace("0.2", "0.1", StringComparison.Ordinal));
        var retried = CliRunner.RunWithEnvironment(_folder.Path, new() { ["ARIADNE_SPOOL_DIR"] = SpoolRoot }, "sync", "--store", address, "--retry-rejected");

        Assert.True(retried.ExitCode == 0, retried.Out + retried.Error);
        Assert.False(File.Exists(rejected));
    }

    [Fact]
    public async Task A_nested_run_started_offline_uploads_its_parent_first()
    {
        var address = FreeAddress();
        string parentId;
        string childId;
        await using (var client = Client(address, SpoolRoot))
        {
            var parent = await client.CreateRunInExperimentAsync("nested", new NewRun("", "parent", 1_700_000_000_000, "ada"), default);
            parentId = parent.RunId;
            await client.LogBatchAsync(parentId, Points(0, 5), [], [], default);
            var child = await client.CreateRunInExperimentAsync("nested", new NewRun("", "child", 1_700_000_000_001, "ada", parentId), default);
            childId = child.RunId;
            await client.LogBatchAsync(childId, Points(0, 7), [], [], default);
        }

        // The child's file is older than the parent's: oldest first would send the child before its parent.
        var files = Files("*.jsonl");
        Assert.Equal(2, files.Length);
        File.SetLastWriteTimeUtc(files.Single(f => Path.GetFileName(f).StartsWith(parentId, StringComparison.Ordinal)), DateTime.UtcNow);
        File.SetLastWriteTimeUtc(files.Single(f => Path.GetFileName(f).StartsWith(childId, StringComparison.Ordinal)), DateTime.UtcNow.AddHours(-1));
        await using var server = await ServerUnderTest.StartAsync(_database, port: new Uri(address).Port);

        var result = Sync(address);

        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        Assert.Equal(parentId, (await _database.GetRunAsync(childId, default)).Info.ParentRunId);
        Assert.Equal(7, (await _database.GetMetricHistoryAsync(childId, "loss", default)).Count);
        Assert.Equal(5, (await _database.GetMetricHistoryAsync(parentId, "loss", default)).Count);
        Assert.Empty(Files("*.rejected"));
    }

    [Fact]
    public async Task A_child_that_attaches_by_run_id_while_the_server_is_down_logs_offline_and_its_data_follows_the_run()
    {
        var address = FreeAddress();
        string runId;

        // 'ariadne run' (one process) creates the run while the server is down; its child attaches by ARIADNE_RUN_ID.
        await using (var parent = Client(address, SpoolRoot))
        {
            var parentTracking = TrackingClient.ForStore(parent);
            await using var run = await parentTracking.StartNewRunAsync("wrapped", "wrapped", null);
            runId = run.RunId;
            await using (var child = Client(address, SpoolRoot))
            {
                var childTracking = TrackingClient.ForStore(child, attachRunId: runId);
                await using var attached = await childTracking.StartRunAsync();
                Assert.Equal(runId, attached.RunId);
                await attached.LogParamAsync("epochs", 3);
                for (var step = 0; step < 1000; step++)
                {
                    attached.LogMetric("loss", 1.0 / (step + 1));
                }

                await attached.FlushAsync();
            }

            await run.EndAsync();
        }

        Assert.Equal(2, Files("*.jsonl").Length);
        await using var server = await ServerUnderTest.StartAsync(_database, port: new Uri(address).Port);
        var result = Sync(address);

        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        var stored = await _database.GetRunAsync(runId, default);
        Assert.Equal(RunStatus.Finished, stored.Info.Status);
        Assert.Equal("3", stored.Params.Single(p => p.Key == "epochs").Value);
        Assert.Equal(1000, (await _database.GetMetricHistoryAsync(runId, "loss", default)).Count);
    }

    [Fact]
    public async Task A_read_while_the_server_is_down_does_not_claim_that_anything_was_spooled()
    {
        await using var client = Client(FreeAddress(), SpoolRoot);

        var error = await Assert.ThrowsAsync<AriadneException>(() => client.GetRunAsync("0123456789abcdef0123456789abcdef", default));

        Assert.Equal(ErrorCode.RemoteUnavailable, error.Code);
        Assert.Contains("reads like this one cannot", error.Message, StringComparison.Ordinal);
        Assert.Empty(Files("*.jsonl"));
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("[::1]")]
    public async Task Sync_finds_what_was_spooled_under_another_spelling_of_the_same_server(string spelling)
    {
        var address = FreeAddress();
        var port = new Uri(address).Port;
        var runId = await LogOfflineAsync(address, 40);
        await using var server = await ServerUnderTest.StartAsync(_database, port: port);

        // The server listens on 127.0.0.1 only: the client below reaches it as 127.0.0.1, and sync is told another spelling.
        await using (var client = Client($"http://{spelling}:{port}/", SpoolRoot))
        {
            Assert.Equal(RunSpool.For(SpoolRoot, new Uri(address)).Folder, client.Spool.Folder);
        }

        var result = Sync(address.Replace("127.0.0.1", "LOCALHOST", StringComparison.Ordinal));

        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        Assert.Contains("Uploaded 3 spooled write(s) from 1 spool file(s)", result.Out, StringComparison.Ordinal);
        Assert.Equal(40, (await _database.GetMetricHistoryAsync(runId, "loss", default)).Count);
    }

    [Fact]
    public async Task A_spool_folder_on_a_read_only_file_system_is_named_as_such_not_as_locked()
    {
        var mount = _folder.Combine("readonly");
        Directory.CreateDirectory(mount);
        using var tmpfs = Tmpfs.Mount(mount, "1m");
        Directory.CreateDirectory(Path.Combine(mount, "existing"));
        tmpfs.MakeReadOnly();

        foreach (var root in new[] { Path.Combine(mount, "existing"), Path.Combine(mount, "missing") })
        {
            await using var client = Client(FreeAddress(), root);
            var run = await Assert.ThrowsAsync<AriadneException>(() => client.CreateRunInExperimentAsync("ro", new NewRun("", "ro", 1_700_000_000_000, "ada"), default));

            Assert.Contains("cannot be written", run.Message, StringComparison.Ordinal);
            Assert.Contains("ARIADNE_SPOOL_DIR", run.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("locked", run.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_spool_file_held_by_another_program_is_left_to_it()
    {
        var address = FreeAddress();
        await LogOfflineAsync(address, 3);
        var file = Assert.Single(Files("*.jsonl"));
        using var held = RunSpool.TryOpen(file);
        Assert.NotNull(held);

        Assert.Null(RunSpool.TryOpen(file));
    }

    [Fact]
    public async Task A_disk_that_fills_while_logging_leaves_no_half_line_and_the_retried_batch_arrives_exactly_once()
    {
        var mount = _folder.Combine("small");
        Directory.CreateDirectory(mount);
        using var tmpfs = Tmpfs.Mount(mount, "600k");
        var address = FreeAddress();
        var spoolRoot = Path.Combine(mount, "spool");
        string runId;
        await using (var client = Client(address, spoolRoot))
        {
            runId = (await client.CreateRunInExperimentAsync("full", new NewRun("", "full", 1_700_000_000_000, "ada"), default)).RunId;

            // 12,000 points are three requests of about 450 KB, 450 KB and 180 KB: the second does not fit.
            var batch = Points(0, 12_000);
            var full = await Assert.ThrowsAsync<AriadneException>(() => client.LogBatchAsync(runId, batch, [], [], default));
            Assert.Contains("No space left", full.Message, StringComparison.OrdinalIgnoreCase);

            // Room again; the metric buffer retries the batch with newer points behind it.
            tmpfs.Resize("16m");
            await client.LogBatchAsync(runId, [.. batch, .. Points(12_000, 100)], [], [], default);
            await client.UpdateRunAsync(runId, RunStatus.Finished, 1_700_000_100_000, null, default);
        }

        var spoolFile = Assert.Single(Directory.GetFiles(spoolRoot, "*.jsonl", SearchOption.AllDirectories));
        var lines = File.ReadAllLines(spoolFile);
        await using (var read = RunSpool.TryOpen(spoolFile)!)
        {
            Assert.Equal(lines.Length, RunSpool.ReadAll(read).Count); // every line whole: none cut off by the full disk
        }

        await using var server = await ServerUnderTest.StartAsync(_database, port: new Uri(address).Port);
        var result = CliRunner.RunWithEnvironment(_folder.Path, new() { ["ARIADNE_SPOOL_DIR"] = spoolRoot }, "sync", "--store", address);

        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        var steps = (await _database.GetMetricHistoryAsync(runId, "loss", default)).Select(m => m.Step).ToList();
        Assert.Equal(Enumerable.Range(0, 12_100).Select(i => (long)i), steps.Order());
    }
}
