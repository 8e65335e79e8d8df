using System.Diagnostics;
using System.Globalization;
using Ariadne.Tests.Storage.Sqlite;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Tracking.Sdk;

/// <summary>A training process (tests/Ariadne.Tests.StoreWriter, mode train) logging through the SDK, killed with SIGKILL.</summary>
public sealed class KilledTrainingTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    [Fact]
    public async Task Kill_9_of_a_training_process_keeps_every_point_logged_a_second_before_and_the_run_shows_killed()
    {
        using var process = await StoreWriterProcess.StartAsync("train", _ws.Root);
        var logged = new List<(long Points, long At)>();
        string? runId = null;
        var clock = Stopwatch.StartNew();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90)))
        {
            try
            {
                // Lines "<run-id> <points logged> <ms>" come every 50 points; read them for three seconds of logging.
                while (logged.Count == 0 || clock.ElapsedMilliseconds - logged[0].At < 3_000)
                {
                    var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
                    if (line is null)
                    {
                        Assert.Fail("The training process ended early: " + await process.StandardError.ReadToEndAsync(timeout.Token));
                    }

                    var parts = line.Split(' ');
                    runId = parts[0];
                    logged.Add((long.Parse(parts[1], CultureInfo.InvariantCulture), clock.ElapsedMilliseconds));
                }
            }
            finally
            {
                process.Kill(entireProcessTree: true);
            }
        }

        var killedAt = clock.ElapsedMilliseconds;
        using (var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await process.WaitForExitAsync(exit.Token);
        }

        Assert.Equal(137, process.ExitCode); // 128 + SIGKILL: nothing ran after the kill
        var safe = logged.Where(l => killedAt - l.At > 1_000).Max(l => l.Points);
        await using (var tracking = TrackingClient.Open(folder: _ws.Root))
        {
            var history = await tracking.Store.GetMetricHistoryAsync(runId!, "loss", CancellationToken.None);
            Assert.True(history.Count >= safe, $"{history.Count} points stored, {safe} were logged more than a second before the kill");
            Assert.Equal(Enumerable.Range(0, history.Count).Select(i => (long)i), history.Select(m => m.Step)); // no gaps, no duplicates
        }

        // The next look at the store sees the process is gone and marks the run killed.
        var listed = _ws.CliOk("runs", "list", "--experiment", "killed", "--csv", "-c", "run_name,status").Out;
        Assert.Contains("training,KILLED", listed, StringComparison.Ordinal);
        var shown = _ws.CliOk("runs", "show", runId!, "--json").Out;
        Assert.Contains("\"KILLED\"", shown, StringComparison.Ordinal);
    }

    public void Dispose() => _ws.Dispose();
}
