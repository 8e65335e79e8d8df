using System.Diagnostics;
using System.Globalization;
using Ariadne;
using Ariadne.Storage.Sqlite;
using Ariadne.Tracking;

// Test support: one process writing to a SQLite tracking store, started several times at once by the SQLite tests.
//   log <db> <run-id> <writer> <batches> <points-per-batch> <go-file>
//       logs <batches> batches of "loss" points (steps writer * 1e9 + i), one param and one tag per batch.
//   create <db> <experiment-name> <go-file>
//       opens the store (migrating a new file) and creates an experiment with one run.
//   train <workspace>
//       a training loop through the SDK: starts a run in the workspace's store and logs "loss" every millisecond,
//       printing "<run-id> <points logged>" every 50 ms, until it is killed.
// Each waits for <go-file> to exist before starting, so all processes start together. Exit code 0 on success; on failure
// the error goes to stderr and the exit code is 1.
var inv = CultureInfo.InvariantCulture;
try
{
    switch (args)
    {
        case ["log", var db, var runId, var writerText, var batchesText, var pointsText, var go]:
        {
            var writer = int.Parse(writerText, inv);
            var batches = int.Parse(batchesText, inv);
            var points = int.Parse(pointsText, inv);
            WaitFor(go);
            await using var store = SqliteStore.Open(db);
            for (var b = 0; b < batches; b++)
            {
                var metrics = new Metric[points];
                for (var i = 0; i < points; i++)
                {
                    long step = (writer * 1_000_000_000L) + ((long)b * points) + i;
                    metrics[i] = new Metric("loss", step, 1_700_000_000_000 + step, step);
                }

                await store.LogBatchAsync(runId, metrics, [new Param($"w{writer}-b{b}", "v")], [new RunTag($"writer-{writer}", b.ToString(inv))], CancellationToken.None);
            }

            break;
        }

        case ["create", var db, var name, var go]:
        {
            WaitFor(go);
            await using var store = SqliteStore.Open(db);
            var experimentId = await store.CreateExperimentAsync(name, null, CancellationToken.None);
            await store.CreateRunAsync(new NewRun(experimentId, name, 1_700_000_000_000, "writer"), CancellationToken.None);
            break;
        }

        case ["train", var workspace]:
        {
            await using var tracking = TrackingClient.Open(folder: workspace);
            var run = await tracking.StartRunAsync("killed", "training");
            var clock = Stopwatch.StartNew();
            for (long step = 0; ; step++)
            {
                run.LogMetric("loss", 1.0 / (step + 1), step);
                if (step % 50 == 0)
                {
                    Console.WriteLine($"{run.RunId} {(step + 1).ToString(inv)} {clock.ElapsedMilliseconds.ToString(inv)}");
                }

                Thread.Sleep(1);
            }
        }

        default:
            await Console.Error.WriteLineAsync("usage: train <workspace> | log <db> <run-id> <writer> <batches> <points> <go-file> | create <db> <name> <go-file>");
            return 2;
    }

    return 0;
}
catch (AriadneException e)
{
    await Console.Error.WriteLineAsync($"{e.Code}: {e}");
    return 1;
}

static void WaitFor(string goFile)
{
    var clock = Stopwatch.StartNew();
    while (!File.Exists(goFile))
    {
        if (clock.Elapsed > TimeSpan.FromMinutes(2))
        {
            throw new TimeoutException($"{goFile} never appeared.");
        }

        Thread.Sleep(2);
    }
}
