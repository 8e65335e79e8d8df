using Ariadne.Storage.Sqlite;
using Ariadne.Tests.Support;
using Ariadne.Tests.Tracking;
using Ariadne.Tracking;
using Microsoft.Data.Sqlite;

namespace Ariadne.Tests.Storage.Sqlite;

/// <summary>The shared tracking store contract against the embedded SQLite store, in a temp file per test, plus what is SQLite's own.</summary>
public sealed class SqliteTrackingStoreTests : TrackingStoreContract
{
    private readonly TempFolder _temp = new();

    private string DatabaseFile => _temp.Combine(".ariadne", "ariadne.db");

    protected override Task<ITrackingStore> CreateStoreAsync() => Task.FromResult(SqliteStore.Open(DatabaseFile));

    protected override Task SetStoredRunStatusAsync(string runId, string status) => SqliteStoredValues.SetRunStatusAsync(DatabaseFile, runId, status);

    protected override Task SetStoredRunStageAsync(string runId, string stage) => SqliteStoredValues.SetRunStageAsync(DatabaseFile, runId, stage);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _temp.Dispose();
    }

    private SqliteConnection OpenRaw()
    {
        var connection = new SqliteConnection($"Data Source={DatabaseFile};Pooling=False");
        connection.Open();
        return connection;
    }

    private object? RawScalar(string sql)
    {
        using var connection = OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    [Fact]
    public async Task Everything_is_still_there_after_reopening_the_file()
    {
        var info = await NewRunAsync(name: "kept");
        await Store.LogBatchAsync(info.RunId, [new Metric("loss", 0.25, T0, 3)], [new Param("lr", "0.1")], [new RunTag("t", "v")], None);
        await Store.LogArtifactsAsync(info.RunId, [new RunArtifact("model.bin", new string('a', 64), 10)], None);
        await Store.DisposeAsync();

        await using var reopened = SqliteStore.Open(DatabaseFile);
        var run = await reopened.GetRunAsync(info.RunId, None);

        Assert.Equal("kept", run.Info.RunName);
        Assert.Equal([new Metric("loss", 0.25, T0, 3)], run.LatestMetrics);
        Assert.Equal([new Param("lr", "0.1")], run.Params);
        Assert.Equal([new Metric("loss", 0.25, T0, 3)], await reopened.GetMetricHistoryAsync(info.RunId, "loss", None));
        Assert.Single(await reopened.ListArtifactsAsync(info.RunId, None));
    }

    [Fact]
    public async Task NaN_is_stored_as_zero_with_the_is_nan_flag()
    {
        var info = await NewRunAsync();

        await Store.LogMetricAsync(info.RunId, new Metric("m", double.NaN, T0, 0));

        Assert.Equal(0.0, RawScalar($"SELECT value FROM latest_metrics WHERE run_id = '{info.RunId}'"));
        Assert.Equal(1L, RawScalar($"SELECT is_nan FROM latest_metrics WHERE run_id = '{info.RunId}'"));
    }

    [Fact]
    public async Task File_is_in_WAL_mode_and_migrated_once()
    {
        await NewExperimentAsync();
        await using (SqliteStore.Open(DatabaseFile))
        {
        }

        Assert.Equal("wal", RawScalar("PRAGMA journal_mode"));
        Assert.Equal((long)SqliteSchema.LatestVersion, RawScalar("SELECT count(*) FROM schema_version"));
        Assert.Equal(1L, RawScalar("SELECT count(*) FROM experiments WHERE name = 'Default'"));
    }

    [Fact]
    public async Task A_file_from_a_newer_Ariadne_is_refused()
    {
        await Store.DisposeAsync();
        using (var connection = OpenRaw())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "INSERT INTO schema_version (version, applied_at) VALUES (999, 0)";
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<AriadneException>(() => SqliteStore.Open(DatabaseFile));

        Assert.Equal(ErrorCode.StoreFailure, error.Code);
        Assert.Contains("999", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Times_come_from_the_injected_time_provider()
    {
        var clock = new FixedTime(new DateTimeOffset(2024, 5, 17, 12, 0, 0, TimeSpan.Zero));
        await using var store = SqliteStore.Open(_temp.Combine("timed.db"), clock);

        var id = await store.CreateExperimentAsync("timed", null, None);
        clock.Now = clock.Now.AddMinutes(1);
        await store.UpdateExperimentAsync(id, "renamed", null, None);

        var experiment = await store.GetExperimentAsync(id, None);
        Assert.Equal(new DateTimeOffset(2024, 5, 17, 12, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), experiment!.CreationTime);
        Assert.Equal(experiment.CreationTime + 60_000, experiment.LastUpdateTime);
    }

    [Fact]
    public async Task History_logged_a_few_points_at_a_time_and_out_of_order_comes_back_whole_and_sorted()
    {
        var info = await NewRunAsync();
        var expected = new List<Metric>();
        for (var i = 0; i < 3_000; i++)
        {
            var step = i % 500 == 499 ? i - 400 : i; // now and then a point from the past
            var point = new Metric("loss", i, T0 + i, step);
            expected.Add(point);
            await Store.LogBatchAsync(info.RunId, [point, point with { Key = "acc" }], [], [], None);
        }

        var history = await Store.GetMetricHistoryAsync(info.RunId, "loss", None);

        Assert.Equal(expected.OrderBy(m => m.Step).ThenBy(m => m.Timestamp), history);
        Assert.Equal(3_000, (await Store.GetMetricHistoryAsync(info.RunId, "acc", None)).Count);
        Assert.True(Convert.ToInt64(RawScalar("SELECT count(*) FROM metric_chunks WHERE key = 'loss'"), System.Globalization.CultureInfo.InvariantCulture) < 50,
            "small batches should be merged into a few chunks");
    }

    [Fact]
    public async Task Batches_arriving_out_of_step_order_are_merged_in_history_order()
    {
        var info = await NewRunAsync();
        var late = Enumerable.Range(100, 100).Select(i => new Metric("m", i, T0 + i, i)).ToList();
        var early = Enumerable.Range(0, 100).Select(i => new Metric("m", i, T0 + i, i)).ToList();

        await Store.LogBatchAsync(info.RunId, late, [], [], None);
        await Store.LogBatchAsync(info.RunId, early, [], [], None);

        Assert.Equal(early.Concat(late), await Store.GetMetricHistoryAsync(info.RunId, "m", None));
        Assert.Equal(late[^1], (await Store.GetRunAsync(info.RunId, None)).LatestMetrics.Single());
    }

    [Fact]
    public async Task Histories_larger_than_one_chunk_round_trip()
    {
        var info = await NewRunAsync();
        var points = Enumerable.Range(0, MetricChunk.MaxPoints * 3 + 17).Select(i => new Metric("m", i * 0.5, T0 + i, i)).ToList();

        await Store.LogBatchAsync(info.RunId, points, [], [], None);
        await Store.LogBatchAsync(info.RunId, [new Metric("m", -1, T0, points.Count)], [], [], None);

        var history = await Store.GetMetricHistoryAsync(info.RunId, "m", None);
        Assert.Equal(points.Count + 1, history.Count);
        Assert.Equal(points, history.Take(points.Count));
    }

    [Fact]
    public async Task Runs_in_two_store_instances_on_one_file_see_each_others_writes()
    {
        await using var second = SqliteStore.Open(DatabaseFile);
        var info = await NewRunAsync();

        await Task.WhenAll(
            Task.Run(async () =>
            {
                for (var i = 0; i < 200; i++)
                {
                    await Store.LogMetricAsync(info.RunId, new Metric("a", i, T0 + i, i));
                }
            }),
            Task.Run(async () =>
            {
                for (var i = 0; i < 200; i++)
                {
                    await second.LogMetricAsync(info.RunId, new Metric("b", i, T0 + i, i));
                }
            }));

        Assert.Equal(200, (await second.GetMetricHistoryAsync(info.RunId, "a", None)).Count);
        Assert.Equal(200, (await Store.GetMetricHistoryAsync(info.RunId, "b", None)).Count);
    }

    [Fact]
    public async Task A_disposed_store_refuses_work()
    {
        await Store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => Store.ListExperimentsAsync(ViewType.All, None));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => Store.CreateExperimentAsync("late", null, None));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
