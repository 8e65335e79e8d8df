using System.Diagnostics;
using System.Globalization;
using Ariadne.Storage.Sqlite;
using Ariadne.Tests.Support;
using Ariadne.Tracking;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Ariadne.Tests.Storage.Sqlite;

/// <summary>
/// The embedded store at volume: a million points in large batches, a million-point history downsampled, a filtered
/// and ordered search over many runs. These assert correctness only; their speed is measured by the benchmark in
/// bench/ (timings are written to the test output for information). The search test seeds 10,000 runs unless
/// ARIADNE_FULL_BENCH=1 asks for 100,000.
/// </summary>
public sealed class SqliteStoreVolumeTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _temp = new();

    private static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task A_million_points_logged_in_10k_batches_are_all_kept()
    {
        await using var store = SqliteStore.Open(_temp.Combine("insert.db"));
        var run = await store.CreateRunAsync(new NewRun("0", "bench", 1, "bench"), None);
        var keys = Enumerable.Range(0, 10).Select(i => $"train/metric_{i}").ToArray();
        const int Batches = 100;

        var batches = new List<Metric[]>();
        for (var b = 0; b < Batches; b++)
        {
            var batch = new Metric[10_000];
            for (var s = 0; s < 1_000; s++)
            {
                var step = (b * 1_000L) + s;
                for (var k = 0; k < keys.Length; k++)
                {
                    batch[(s * keys.Length) + k] = new Metric(keys[k], Math.Sin(step * 0.001) + k, 1_700_000_000_000 + step, step);
                }
            }

            batches.Add(batch);
        }

        await store.LogBatchAsync(run.RunId, batches[0], [], [], None); // warm-up: JIT and prepared statements
        var clock = Stopwatch.StartNew();
        for (var b = 1; b < Batches; b++)
        {
            await store.LogBatchAsync(run.RunId, batches[b], [], [], None);
        }

        clock.Stop();
        var rate = (Batches - 1) * 10_000 / clock.Elapsed.TotalSeconds;
        output.WriteLine($"LogBatch, 10k-point batches (10 keys x 1,000 steps): {rate:N0} points/s ({(Batches - 1) * 10_000:N0} points in {clock.ElapsedMilliseconds} ms)");
        Assert.Equal(Batches * 1_000, (await store.GetMetricHistoryAsync(run.RunId, keys[3], None)).Count);
    }

    [Fact]
    public async Task Downsampling_a_million_point_history_keeps_at_most_the_requested_points()
    {
        await using var store = SqliteStore.Open(_temp.Combine("downsample.db"));
        var run = await store.CreateRunAsync(new NewRun("0", "bench", 1, "bench"), None);
        var random = new Random(7);
        for (var b = 0; b < 100; b++)
        {
            var batch = new Metric[10_000];
            for (var i = 0; i < batch.Length; i++)
            {
                var step = (b * 10_000L) + i;
                batch[i] = new Metric("loss", Math.Exp(-step / 300_000.0) + (random.NextDouble() * 0.05), 1_700_000_000_000 + step, step);
            }

            await store.LogBatchAsync(run.RunId, batch, [], [], None);
        }

        IMetricDownsampling downsampling = store;
        await downsampling.GetMetricHistoryDownsampledAsync(run.RunId, "loss", 1_000, None); // warm-up
        var best = TimeSpan.MaxValue;
        IReadOnlyList<Metric> reduced = [];
        for (var i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            reduced = await downsampling.GetMetricHistoryDownsampledAsync(run.RunId, "loss", 1_000, None);
            best = clock.Elapsed < best ? clock.Elapsed : best;
        }

        output.WriteLine($"Downsampling 1,000,000 points to {reduced.Count}: {best.TotalMilliseconds:F1} ms (best of 5)");
        Assert.InRange(reduced.Count, 500, 1_000);
    }

    [Fact]
    public async Task First_page_of_a_filtered_ordered_search_over_many_runs_is_correct()
    {
        var runs = Environment.GetEnvironmentVariable("ARIADNE_FULL_BENCH") == "1" ? 100_000 : 10_000;
        var db = _temp.Combine("search.db");
        string experimentId;
        await using (var seeding = SqliteStore.Open(db))
        {
            experimentId = await seeding.CreateExperimentAsync("bench", null, None);
        }

        var seed = Stopwatch.StartNew();
        Seed(db, long.Parse(experimentId, CultureInfo.InvariantCulture), runs);
        output.WriteLine($"Seeded {runs:N0} runs with 20 params and 20 metrics each in {seed.ElapsedMilliseconds} ms");

        await using var store = SqliteStore.Open(db);
        var search = new RunSearch([experimentId], "metrics.metric_3 > 0.5 and params.param_7 = '3'", ["metrics.metric_5 DESC"], MaxResults: 100);
        await store.SearchRunsAsync(search, None); // warm-up
        var best = TimeSpan.MaxValue;
        RunPage page = new([], null);
        for (var i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            page = await store.SearchRunsAsync(search, None);
            best = clock.Elapsed < best ? clock.Elapsed : best;
        }

        output.WriteLine($"Search over {runs:N0} runs (metric and param filter, ordered by a metric), first page of {page.Runs.Count}: {best.TotalMilliseconds:F1} ms (best of 5)");
        Assert.Equal(100, page.Runs.Count);
        Assert.NotNull(page.NextPageToken);
        Assert.All(page.Runs, r => Assert.Equal(20, r.Params.Count));
        Assert.All(page.Runs, r => Assert.True(r.LatestMetrics.Single(m => m.Key == "metric_3").Value > 0.5));
        var ordered = page.Runs.Select(r => r.LatestMetrics.Single(m => m.Key == "metric_5").Value).ToList();
        Assert.Equal(ordered.OrderDescending(), ordered);
    }

    /// <summary>Fills the store with SQL directly: seeding 4,000,000 rows through the API would dominate the test.</summary>
    private static void Seed(string db, long experimentId, int runs)
    {
        using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            """
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < @runs - 1)
            INSERT INTO runs (run_id, experiment_id, name, status, start_time, end_time, lifecycle_stage, parent_run_id, user_id, artifact_uri)
            SELECT printf('%032x', i), @experiment, 'run-' || i, 'FINISHED', 1700000000000 + i, NULL, 'active', NULL, 'bench', 'ariadne-artifacts:/' || printf('%032x', i) FROM n;
            WITH RECURSIVE k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < 19)
            INSERT INTO params (run_id, key, value) SELECT r.run_id, 'param_' || k.j, CAST(abs(random()) % 10 AS TEXT) FROM runs r, k WHERE r.experiment_id = @experiment;
            WITH RECURSIVE k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < 19)
            INSERT INTO latest_metrics (run_id, key, step, timestamp, value, is_nan) SELECT r.run_id, 'metric_' || k.j, 100, 1700000000000, (abs(random()) % 1000000) / 1000000.0, 0 FROM runs r, k WHERE r.experiment_id = @experiment;
            ANALYZE;
            """;
        command.Parameters.AddWithValue("@runs", runs);
        command.Parameters.AddWithValue("@experiment", experimentId);
        command.CommandTimeout = 600;
        command.ExecuteNonQuery();
        transaction.Commit();
    }

    public void Dispose() => _temp.Dispose();
}
