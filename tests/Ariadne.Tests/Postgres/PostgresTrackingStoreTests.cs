using System.Globalization;
using Ariadne.Postgres;
using Ariadne.Tests.Tracking;
using Ariadne.Tracking;

namespace Ariadne.Tests.Postgres;

/// <summary>The shared tracking store contract against a real PostgreSQL 15, each test in a fresh database, plus what only a server store has to get right.</summary>
[Trait("Service", "PostgreSQL")]
[Collection(PostgresServerCollection.Name)]
public sealed class PostgresTrackingStoreTests(PostgresServerFixture server) : TrackingStoreContract
{
    private string? _database;

    protected override async Task<ITrackingStore> CreateStoreAsync() => PostgresStore.Open(_database = await server.CreateDatabaseAsync());

    protected override Task SetStoredRunStatusAsync(string runId, string status) => server.SetStoredRunStatusAsync(_database!, runId, status);

    protected override Task SetStoredRunStageAsync(string runId, string stage) => server.SetStoredRunStageAsync(_database!, runId, stage);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await server.DropDatabaseAsync(_database);
        }
    }

    [Fact]
    public async Task Several_stores_opening_a_new_database_at_once_migrate_it_once()
    {
        var uri = await server.CreateDatabaseAsync();
        var stores = Enumerable.Range(0, 8).Select(_ => PostgresStore.Open(uri)).ToList();
        try
        {
            // Every store's first call creates or checks the schema; all are released together.
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var creating = stores.Select(async (store, i) =>
            {
                await go.Task;
                return await store.CreateExperimentAsync($"exp-{i}", null, None);
            }).ToList();
            go.SetResult();
            var names = await Task.WhenAll(creating);

            Assert.Equal(8, names.Distinct().Count());
            var listed = await stores[0].ListExperimentsAsync(ViewType.All, None);
            Assert.Equal(9, listed.Count);
            Assert.Equal("Default", listed.Single(e => e.ExperimentId == "0").Name);
            await using var database = server.OpenDatabase(PostgresServerFixture.DatabaseOf(uri));
            await using var versions = database.CreateCommand("SELECT count(*), count(DISTINCT version) FROM schema_version");
            await using var reader = await versions.ExecuteReaderAsync();
            await reader.ReadAsync();
            Assert.Equal(reader.GetInt64(1), reader.GetInt64(0));
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Metric_summaries_written_with_the_points_equal_those_the_migration_computes_from_existing_points()
    {
        var uri = await server.CreateDatabaseAsync();
        await using (var store = PostgresStore.Open(uri))
        {
            var experiment = await store.CreateExperimentAsync("rollups", null, None);
            var random = new Random(3);
            foreach (var name in new[] { "a", "b" })
            {
                var runId = (await store.CreateRunAsync(new NewRun(experiment, name, T0, "alice"), None)).RunId;
                var points = Enumerable.Range(0, 5_000)
                    .Select(i => new Metric(i % 3 == 0 ? "loss" : "acc", i % 97 == 0 ? double.NaN : random.NextDouble(), T0 + random.Next(1_000), random.Next(-3_000, 200_000)))
                    .ToList();
                foreach (var batch in points.Chunk(random.Next(1, 3_000)))
                {
                    await store.LogBatchAsync(runId, batch, [], [], None);
                }

                await store.LogMetricAsync(runId, new Metric("loss", double.PositiveInfinity, T0, 7));
            }
        }

        await using var database = server.OpenDatabase(PostgresServerFixture.DatabaseOf(uri));
        await using (var replay = database.CreateCommand(
            "CREATE TABLE written AS SELECT * FROM metric_rollups; DELETE FROM metric_rollups; " + PostgresSchema.Migration(2).Replace("CREATE TABLE metric_rollups", "CREATE TABLE ignored", StringComparison.Ordinal)))
        {
            await replay.ExecuteNonQueryAsync();
        }

        await using var compare = database.CreateCommand(
            "SELECT (SELECT count(*) FROM metric_rollups), (SELECT count(*) FROM (SELECT * FROM written EXCEPT SELECT * FROM metric_rollups) d), (SELECT count(*) FROM (SELECT * FROM metric_rollups EXCEPT SELECT * FROM written) d)");
        await using var reader = await compare.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.True(reader.GetInt64(0) > 1_000, $"only {reader.GetInt64(0)} summaries");
        Assert.Equal(0, reader.GetInt64(1));
        Assert.Equal(0, reader.GetInt64(2));
    }

    [Fact]
    public async Task Opening_the_same_database_again_keeps_its_data()
    {
        var uri = await server.CreateDatabaseAsync();
        string runId;
        await using (var first = PostgresStore.Open(uri))
        {
            var experiment = await first.CreateExperimentAsync("kept", null, None);
            runId = (await first.CreateRunAsync(new NewRun(experiment, "r", T0, "alice"), None)).RunId;
            await first.LogParamAsync(runId, "lr", "0.1");
        }

        await using var second = PostgresStore.Open(uri);

        Assert.Equal([new Param("lr", "0.1")], (await second.GetRunAsync(runId, None)).Params);
    }

    [Fact]
    public async Task Wrong_password_is_a_store_failure_that_does_not_show_the_password()
    {
        var uri = await server.CreateDatabaseAsync();
        var badUri = uri.Replace("secret-", "wrong-password-", StringComparison.Ordinal);
        await using var store = PostgresStore.Open(badUri);

        var error = await Assert.ThrowsAsync<AriadneException>(() => store.ListExperimentsAsync(ViewType.All, None));

        Assert.Equal(ErrorCode.StoreFailure, error.Code);
        Assert.Contains("password", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"127.0.0.1:{server.Port}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password-", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_connection_is_a_store_failure_naming_the_server_but_not_the_password()
    {
        var port = ClosedPort();
        await using var store = PostgresStore.Open($"postgresql://alice:TopSecret42@127.0.0.1:{port}/ariadne");

        var error = await Assert.ThrowsAsync<AriadneException>(() => store.CreateExperimentAsync("x", null, None));

        Assert.Equal(ErrorCode.StoreFailure, error.Code);
        Assert.Contains($"postgresql://alice@127.0.0.1:{port}/ariadne", error.Message, StringComparison.Ordinal);
        Assert.Contains("refused", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("TopSecret42", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_database_is_a_store_failure_saying_so()
    {
        var uri = await server.CreateDatabaseAsync();
        await using var store = PostgresStore.Open(uri[..(uri.LastIndexOf('/') + 1)] + "no_such_database");

        var error = await Assert.ThrowsAsync<AriadneException>(() => store.GetExperimentAsync("0", None));

        Assert.Equal(ErrorCode.StoreFailure, error.Code);
        Assert.Contains("no_such_database", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Store_opens_through_the_registry_for_both_schemes()
    {
        PostgresStore.Register();
        var uri = await server.CreateDatabaseAsync();

        await using var postgresql = TrackingStoreRegistry.Open(uri);
        await using var postgres = TrackingStoreRegistry.Open("postgres://" + uri["postgresql://".Length..]);

        var id = await postgresql.CreateExperimentAsync("via-registry", null, None);
        Assert.Equal("via-registry", (await postgres.GetExperimentAsync(id, None))?.Name);
        Assert.Contains("postgresql", TrackingStoreRegistry.KnownSchemes);
        Assert.Contains("postgres", TrackingStoreRegistry.KnownSchemes);
    }

    [Fact]
    public async Task Many_concurrent_batches_from_several_store_instances_lose_nothing()
    {
        var uri = await server.CreateDatabaseAsync();
        var stores = Enumerable.Range(0, 4).Select(_ => PostgresStore.Open(uri)).ToList();
        await using var owner = PostgresStore.Open(uri);
        var runId = (await owner.CreateRunAsync(new NewRun("0", "shared", T0, "alice"), None)).RunId;
        const int Writers = 32;
        const int Batches = 10;
        const int Points = 250;
        try
        {
            await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
            {
                var store = stores[w % stores.Count];
                for (var b = 0; b < Batches; b++)
                {
                    var metrics = Enumerable.Range(0, Points)
                        .Select(i => new Metric(i % 2 == 0 ? "loss" : "acc", w + i, T0 + (b * Points) + i, (((w * Batches) + b) * Points) + i))
                        .ToList();
                    await store.LogBatchAsync(runId, metrics, [new Param($"w{w}.b{b}", "x")], [new RunTag("writer", w.ToString(CultureInfo.InvariantCulture))], None);
                }
            })));

            var loss = await owner.GetMetricHistoryAsync(runId, "loss", None);
            var acc = await owner.GetMetricHistoryAsync(runId, "acc", None);
            var stored = await owner.GetRunAsync(runId, None);
            Assert.Equal(Writers * Batches * Points / 2, loss.Count);
            Assert.Equal(Writers * Batches * Points / 2, acc.Count);
            Assert.Equal(Writers * Batches, stored.Params.Count);
            Assert.Equal((Writers * Batches * Points) - 1, stored.LatestMetrics.Single(m => m.Key == "acc").Step);
            Assert.Equal((Writers * Batches * Points) - 2, stored.LatestMetrics.Single(m => m.Key == "loss").Step);
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Large_batches_that_fail_write_nothing()
    {
        var info = await NewRunAsync();
        await Store.LogParamAsync(info.RunId, "seed", "1");
        var points = Enumerable.Range(0, 50_000).Select(i => new Metric("loss", i, T0 + i, i)).ToList();

        var error = await Assert.ThrowsAsync<AriadneException>(() => Store.LogBatchAsync(info.RunId, points, [new Param("seed", "2")], [], None));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Empty(await Store.GetMetricHistoryAsync(info.RunId, "loss", None));
        Assert.Empty((await Store.GetRunAsync(info.RunId, None)).LatestMetrics);
    }

    [Fact]
    public async Task Long_values_that_compress_are_searchable_and_incompressible_ones_too_long_to_index_are_refused_clearly()
    {
        var info = await NewRunAsync();
        var random = new Random(7);
        var noise = string.Concat(Enumerable.Range(0, 6000).Select(_ => (char)random.Next(33, 127)));
        var config = string.Concat(Enumerable.Repeat("{\"layers\": [64, 64], \"dropout\": 0.1}, ", 200))[..6000];

        await Store.LogBatchAsync(info.RunId, [], [new Param("config", config)], [new RunTag("note", config + config[..2000])], None);
        var error = await Assert.ThrowsAsync<AriadneException>(() => Store.LogBatchAsync(info.RunId, [new Metric("m", 1, T0, 0)], [new Param("noise", noise)], [], None));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Contains("'noise'", error.Message, StringComparison.Ordinal);
        Assert.Contains("artifact", error.Message, StringComparison.Ordinal);
        var run = await Store.GetRunAsync(info.RunId, None);
        Assert.Equal([new Param("config", config)], run.Params);
        Assert.Empty(run.LatestMetrics);
        var page = await Store.SearchRunsAsync(new RunSearch([info.ExperimentId], $"params.config = '{config}'"), None);
        Assert.Equal(info.RunId, Assert.Single(page.Runs).Info.RunId);
    }

    [Fact]
    public async Task NaN_is_stored_as_NaN_with_is_nan_set()
    {
        var uri = await server.CreateDatabaseAsync();
        await using var store = PostgresStore.Open(uri);
        var run = await store.CreateRunAsync(new NewRun("0", "r", T0, "alice"), None);
        await store.LogBatchAsync(run.RunId, [new Metric("m", double.NaN, T0, 0), new Metric("inf", double.PositiveInfinity, T0, 0)], [], [], None);

        await using var database = server.OpenDatabase(PostgresServerFixture.DatabaseOf(uri));
        await using var select = database.CreateCommand("SELECT key, value::text, is_nan FROM metrics ORDER BY key");
        await using var reader = await select.ExecuteReaderAsync();
        var rows = new List<(string, string, bool)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetBoolean(2)));
        }

        Assert.Equal([("inf", "Infinity", false), ("m", "NaN", true)], rows);
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
