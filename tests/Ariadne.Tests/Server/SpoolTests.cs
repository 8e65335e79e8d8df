using Ariadne.Tests.Support;
using Ariadne.Tracking;
using Ariadne.Tracking.Http;

namespace Ariadne.Tests.Server;

/// <summary>
/// The SDK keeps logging when the server goes away: writes go to the local spool and are uploaded when it is back
/// (by the next write, 'ariadne sync', or the next run), each exactly once, even when an upload is repeated.
/// </summary>
public sealed class SpoolTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private ITrackingStore _database = null!;
    private ServerUnderTest? _server;
    private int _port;

    private string SpoolRoot => _folder.Combine("spool");

    public async Task InitializeAsync()
    {
        _database = TrackingStoreRegistry.Open("sqlite:///" + _folder.Combine("tracking.db").TrimStart('/'));
        _server = await ServerUnderTest.StartAsync(_database);
        _port = _server.Address.Port;
    }

    public async Task DisposeAsync()
    {
        await StopServerAsync();
        await _database.DisposeAsync();
        _folder.Dispose();
    }

    private async Task StopServerAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
            _server = null;
        }
    }

    private async Task RestartServerAsync() => _server = await ServerUnderTest.StartAsync(_database, port: _port);

    /// <summary>Waits for the client's background probe to find the server back.</summary>
    private static async Task WaitOnlineAsync(HttpTrackingStore client)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (client.IsOffline && waited.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(20);
        }

        Assert.False(client.IsOffline, "the background probe did not find the server back within 15 s");
    }

    private HttpTrackingStore Client() =>
        new(new Uri($"http://127.0.0.1:{_port}/"), token: null, SpoolRoot, attempts: 2, firstDelay: TimeSpan.FromMilliseconds(10), timeout: TimeSpan.FromSeconds(10))
        {
            ProbeInterval = TimeSpan.FromMilliseconds(50),
        };

    private static List<Metric> Points(int from, int count) =>
        [.. Enumerable.Range(from, count).Select(i => new Metric("loss", 1.0 / (i + 1), 1_700_000_000_000 + i, i))];

    private string[] SpoolFiles() =>
        Directory.Exists(SpoolRoot) ? Directory.GetFiles(SpoolRoot, "*.jsonl", SearchOption.AllDirectories) : [];

    [Fact]
    public async Task Logging_goes_on_while_the_server_is_down_and_every_point_arrives_once_when_it_is_back()
    {
        await using var client = Client();
        var run = await client.CreateRunAsync(new NewRun("0", "offline", 1_700_000_000_000, "ada"), default);
        await client.LogBatchAsync(run.RunId, Points(0, 100), [new Param("lr", "0.1")], [], default);

        await StopServerAsync();
        await client.LogBatchAsync(run.RunId, Points(100, 7000), [], [new RunTag("phase", "offline")], default);
        await client.LogBatchAsync(run.RunId, Points(7100, 50), [], [], default);
        await client.UpdateRunAsync(run.RunId, RunStatus.Finished, 1_700_000_100_000, null, default);
        Assert.Single(SpoolFiles());

        await RestartServerAsync();
        await WaitOnlineAsync(client);
        await client.LogBatchAsync(run.RunId, Points(7150, 10), [], [], default);

        var history = await _database.GetMetricHistoryAsync(run.RunId, "loss", default);
        Assert.Equal(Enumerable.Range(0, 7160).Select(i => (long)i), history.Select(m => m.Step));
        var stored = await _database.GetRunAsync(run.RunId, default);
        Assert.Equal(RunStatus.Finished, stored.Info.Status);
        Assert.Contains(stored.Tags, t => t.Key == "phase");
        Assert.Empty(SpoolFiles());
    }

    [Fact]
    public async Task Sync_uploads_a_spool_left_by_an_ended_program_and_a_repeated_upload_duplicates_nothing()
    {
        string runId;
        string spoolCopy = _folder.Combine("copy.jsonl");
        await using (var program = Client())
        {
            runId = (await program.CreateRunAsync(new NewRun("0", "left-behind", 1_700_000_000_000, "ada"), default)).RunId;
            await StopServerAsync();
            await program.LogBatchAsync(runId, Points(0, 500), [], [], default);
            await program.LogBatchAsync(runId, Points(500, 500), [], [], default);
            await program.UpdateRunAsync(runId, RunStatus.Finished, 1_700_000_100_000, null, default);
        }

        var left = Assert.Single(SpoolFiles());
        File.Copy(left, spoolCopy);
        await RestartServerAsync();

        var result = CliRunner.RunWithEnvironment(_folder.Path, new() { ["ARIADNE_SPOOL_DIR"] = SpoolRoot }, "sync", "--store", $"http://127.0.0.1:{_port}");
        File.Copy(spoolCopy, left);
        await using (var again = Client())
        {
            var second = await again.SyncAsync(default);
            Assert.Equal(1, second.Files);
        }

        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        Assert.Contains("Uploaded 3 spooled write(s) from 1 spool file(s)", result.Out, StringComparison.Ordinal);
        Assert.Equal(1000, (await _database.GetMetricHistoryAsync(runId, "loss", default)).Count);
        Assert.Equal(RunStatus.Finished, (await _database.GetRunAsync(runId, default)).Info.Status);
        Assert.Empty(SpoolFiles());
    }

    [Fact]
    public async Task The_next_run_uploads_what_an_earlier_program_left_in_the_spool()
    {
        string runId;
        await using (var program = Client())
        {
            runId = (await program.CreateRunAsync(new NewRun("0", "first", 1_700_000_000_000, "ada"), default)).RunId;
            await StopServerAsync();
            await program.LogBatchAsync(runId, Points(0, 300), [], [], default);
        }

        await RestartServerAsync();
        await using (var next = Client())
        {
            await next.CreateRunAsync(new NewRun("0", "second", 1_700_000_000_001, "ada"), default);
        }

        Assert.Equal(300, (await _database.GetMetricHistoryAsync(runId, "loss", default)).Count);
        Assert.Empty(SpoolFiles());
    }

    [Fact]
    public async Task Invalid_writes_still_fail_at_once_instead_of_being_spooled()
    {
        await using var client = Client();
        var run = await client.CreateRunAsync(new NewRun("0", "strict", 1_700_000_000_000, "ada"), default);
        await client.LogBatchAsync(run.RunId, [], [new Param("lr", "0.1")], [], default);

        var error = await Assert.ThrowsAsync<AriadneException>(() => client.LogBatchAsync(run.RunId, [], [new Param("lr", "0.2")], [], default));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Empty(SpoolFiles());
    }

    [Fact]
    public async Task A_run_started_while_the_server_is_down_is_created_and_filled_when_it_is_back()
    {
        await StopServerAsync();
        string runId;
        await using (var client = Client())
        {
            var tracking = TrackingClient.ForStore(client);
            await using var run = await tracking.StartNewRunAsync("started-offline", "offline-run", null);
            runId = run.RunId;
            await run.LogParamAsync("lr", 0.1);
            await run.LogInputAsync(new string('a', 64), "train");
            await client.LogArtifactsAsync(runId, [new RunArtifact("model.bin", new string('b', 64), 10)], default);
            for (var step = 0; step < 2500; step++)
            {
                run.LogMetric("loss", 1.0 / (step + 1));
            }

            await run.EndAsync();
        }

        Assert.Single(SpoolFiles());
        await RestartServerAsync();
        var result = CliRunner.RunWithEnvironment(_folder.Path, new() { ["ARIADNE_SPOOL_DIR"] = SpoolRoot }, "sync", "--store", $"http://127.0.0.1:{_port}");

        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        var stored = await _database.GetRunAsync(runId, default);
        Assert.Equal("offline-run", stored.Info.RunName);
        Assert.Equal((await _database.GetExperimentByNameAsync("started-offline", default))!.ExperimentId, stored.Info.ExperimentId);
        Assert.Equal(RunStatus.Finished, stored.Info.Status);
        Assert.Equal("0.1", stored.Params.Single(p => p.Key == "lr").Value);
        Assert.Equal(2500, (await _database.GetMetricHistoryAsync(runId, "loss", default)).Count);
        Assert.Equal("train", Assert.Single(stored.Inputs).Role);
        var artifacts = (await _database.ListArtifactsAsync(runId, default)).Select(a => a.Path).ToList();
        Assert.Contains("model.bin", artifacts);
        Assert.Contains("environment.json", artifacts); // the run had no workspace: its environment record waited in the spool too
        Assert.Empty(SpoolFiles());
    }
}
