using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Ariadne.Tests.Support;
using Ariadne.Tracking;
using Ariadne.Tracking.Http;

namespace Ariadne.Tests.Server;

/// <summary>
/// A server that accepts connections and never answers (paused, or behind a network partition) must not stall
/// training: the first call waits one request timeout, the circuit opens, and every later call goes to the spool at
/// once; the data arrives when the server is back.
/// </summary>
public sealed class HungServerTests : IAsyncLifetime
{
    /// <summary>The documented worst case for one call: the 5 s request timeout plus slack for a loaded machine.</summary>
    private static readonly TimeSpan FirstCallBound = TimeSpan.FromSeconds(9);

    /// <summary>Every call after the circuit opened: no network at all.</summary>
    private static readonly TimeSpan LaterCallBound = TimeSpan.FromSeconds(1.5);

    private readonly TempFolder _folder = new();
    private readonly List<Socket> _held = [];
    private TcpListener _hung = null!;
    private CancellationTokenSource _stopAccepting = new();
    private Task _accepting = Task.CompletedTask;
    private int _port;

    public Task InitializeAsync()
    {
        _hung = new TcpListener(IPAddress.Loopback, 0);
        _hung.Start();
        _port = ((IPEndPoint)_hung.LocalEndpoint).Port;
        _accepting = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    var socket = await _hung.AcceptSocketAsync(_stopAccepting.Token);
                    lock (_held)
                    {
                        _held.Add(socket); // accepted, read nothing, answer nothing
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        StopHungServer();
        await _accepting;
        _folder.Dispose();
    }

    private void StopHungServer()
    {
        _stopAccepting.Cancel();
        _hung.Stop();
        lock (_held)
        {
            foreach (var socket in _held)
            {
                socket.Dispose();
            }

            _held.Clear();
        }
    }

    private static async Task<TimeSpan> TimedAsync(Func<Task> call)
    {
        var clock = Stopwatch.StartNew();
        await call();
        return clock.Elapsed;
    }

    [Fact]
    public async Task A_hung_server_costs_one_request_timeout_and_the_spooled_run_arrives_once_it_is_back()
    {
        var spool = _folder.Combine("spool");
        var client = new HttpTrackingStore(new Uri($"http://127.0.0.1:{_port}/"), token: null, spool) { ProbeInterval = TimeSpan.FromMilliseconds(200) };
        var tracking = TrackingClient.ForStore(client);
        ActiveRun run = null!;

        var start = await TimedAsync(async () => run = await tracking.StartNewRunAsync("partitioned", "hung", null));
        var param = await TimedAsync(() => run.LogParamAsync("lr", 0.1));
        var metrics = await TimedAsync(() =>
        {
            for (var step = 0; step < 20_000; step++)
            {
                run.LogMetric("loss", 1.0 / (step + 1));
            }

            return Task.CompletedTask;
        });
        var end = await TimedAsync(() => run.EndAsync());
        var dispose = await TimedAsync(async () =>
        {
            await run.DisposeAsync();
            await client.DisposeAsync();
        });

        Assert.True(start < FirstCallBound, $"StartNewRunAsync took {start}");
        Assert.True(param < LaterCallBound, $"LogParamAsync took {param}");
        Assert.True(metrics < LaterCallBound, $"20,000 LogMetric calls took {metrics}");
        Assert.True(end < LaterCallBound, $"EndAsync took {end}");
        Assert.True(dispose < LaterCallBound, $"DisposeAsync took {dispose}");

        // The server comes back on the same address; 'ariadne sync' uploads what waited.
        StopHungServer();
        var database = TrackingStoreRegistry.Open("sqlite:///" + _folder.Combine("tracking.db").TrimStart('/'));
        await using (database)
        await using (var server = await ServerUnderTest.StartAsync(database, port: _port))
        {
            var sync = CliRunner.RunWithEnvironment(_folder.Path, new() { ["ARIADNE_SPOOL_DIR"] = spool }, "sync", "--store", $"http://127.0.0.1:{_port}");
            Assert.True(sync.ExitCode == 0, sync.Out + sync.Error);

            var stored = await database.GetRunAsync(run.RunId, default);
            Assert.Equal(RunStatus.Finished, stored.Info.Status);
            Assert.Equal("0.1", stored.Params.Single(p => p.Key == "lr").Value);
            var history = await database.GetMetricHistoryAsync(run.RunId, "loss", default);
            Assert.Equal(Enumerable.Range(0, 20_000).Select(i => (long)i), history.Select(m => m.Step).Order());
        }
    }

    [Fact]
    public async Task The_background_probe_reopens_the_line_and_the_next_write_uploads_the_spool()
    {
        var database = TrackingStoreRegistry.Open("sqlite:///" + _folder.Combine("probe.db").TrimStart('/'));
        await using (database)
        {
            await using var client = new HttpTrackingStore(new Uri($"http://127.0.0.1:{_port}/"), token: null, _folder.Combine("spool")) { ProbeInterval = TimeSpan.FromMilliseconds(100) };
            var runId = (await client.CreateRunInExperimentAsync("probe", new NewRun("", "probe", 1_700_000_000_000, "ada"), default)).RunId;
            Assert.True(client.IsOffline);
            await client.LogBatchAsync(runId, [new Metric("loss", 1, 1_700_000_000_000, 0)], [], [], default);

            StopHungServer();
            await using var server = await ServerUnderTest.StartAsync(database, port: _port);
            var waited = Stopwatch.StartNew();
            while (client.IsOffline && waited.Elapsed < TimeSpan.FromSeconds(15))
            {
                await Task.Delay(50);
            }

            Assert.False(client.IsOffline, "the background probe did not find the server back within 15 s");
            await client.LogBatchAsync(runId, [new Metric("loss", 0.5, 1_700_000_000_001, 1)], [], [], default);

            Assert.Equal([0L, 1L], (await database.GetMetricHistoryAsync(runId, "loss", default)).Select(m => m.Step));
        }
    }
}
