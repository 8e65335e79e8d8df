using System.Globalization;
using Ariadne.Storage.Sqlite;
using Ariadne.Tests.Support;
using Ariadne.Tracking;
using Microsoft.Data.Sqlite;

namespace Ariadne.Tests.Storage.Sqlite;

/// <summary>
/// Several processes and threads using one SQLite store at once, as runs of a sweep or a Slurm array on one node do:
/// nothing is lost and nobody sees "database is locked".
/// </summary>
public sealed class SqliteConcurrencyTests : IDisposable
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromMinutes(4);

    private readonly TempFolder _temp = new();

    private static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task Eight_processes_logging_to_one_store_at_once_lose_nothing()
    {
        const int Writers = 8;
        const int Batches = 40;
        const int Points = 500;
        var db = _temp.Combine("shared.db");
        var go = _temp.Combine("go");
        string runId;
        await using (var store = SqliteStore.Open(db))
        {
            runId = (await store.CreateRunAsync(new NewRun("0", "shared", 1, "test"), None)).RunId;
        }

        var processes = new List<System.Diagnostics.Process>();
        for (var w = 0; w < Writers; w++)
        {
            processes.Add(await StoreWriterProcess.StartAsync("log", db, runId, Text(w), Text(Batches), Text(Points), go));
        }

        await File.WriteAllTextAsync(go, "go");
        var results = await Task.WhenAll(processes.Select(p => StoreWriterProcess.WaitAsync(p, ProcessTimeout)));

        foreach (var (exitCode, output) in results)
        {
            Assert.DoesNotContain("locked", output, StringComparison.OrdinalIgnoreCase);
            Assert.True(exitCode == 0, $"A writer failed ({exitCode}): {output}");
        }

        await using (var store = SqliteStore.Open(db))
        {
            var history = await store.GetMetricHistoryAsync(runId, "loss", None);
            var run = await store.GetRunAsync(runId, None);
            Assert.Equal(Writers * Batches * Points, history.Count);
            Assert.Equal(Writers * Batches * Points, history.Select(m => m.Step).Distinct().Count());
            Assert.Equal(Writers * Batches, run.Params.Count);
            Assert.All(Enumerable.Range(0, Writers), w => Assert.Equal(Text(Batches - 1), run.Tags.Single(t => t.Key == $"writer-{w}").Value));
            Assert.Equal(((Writers - 1) * 1_000_000_000L) + (Batches * Points) - 1, run.LatestMetrics.Single().Step);
        }
    }

    [Fact]
    public async Task Eight_processes_opening_a_new_store_at_once_create_it_once()
    {
        const int Openers = 8;
        var db = _temp.Combine("new", "fresh.db");
        var go = _temp.Combine("go-open");
        var processes = new List<System.Diagnostics.Process>();
        for (var i = 0; i < Openers; i++)
        {
            processes.Add(await StoreWriterProcess.StartAsync("create", db, $"proc-{i}", go));
        }

        await File.WriteAllTextAsync(go, "go");
        var results = await Task.WhenAll(processes.Select(p => StoreWriterProcess.WaitAsync(p, ProcessTimeout)));

        foreach (var (exitCode, output) in results)
        {
            Assert.True(exitCode == 0, $"An opener failed ({exitCode}): {output}");
        }

        AssertMigratedOnce(db, Openers);
    }

    [Fact]
    public async Task Many_threads_opening_a_new_store_at_once_create_it_once()
    {
        const int Openers = 16;
        var db = _temp.Combine("threads", "fresh.db");
        using var start = new ManualResetEventSlim();

        var openers = Enumerable.Range(0, Openers).Select(i => Task.Factory.StartNew(async () =>
        {
            start.Wait();
            await using var store = SqliteStore.Open(db);
            var experimentId = await store.CreateExperimentAsync($"thread-{i}", null, None);
            await store.CreateRunAsync(new NewRun(experimentId, "r", 1, "u"), None);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap()).ToList();
        start.Set();
        await Task.WhenAll(openers);

        AssertMigratedOnce(db, Openers);
    }

    private static void AssertMigratedOnce(string db, int experiments)
    {
        using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
        connection.Open();
        long Scalar(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        Assert.Equal(SqliteSchema.LatestVersion, Scalar("SELECT count(*) FROM schema_version"));
        Assert.Equal(SqliteSchema.LatestVersion, Scalar("SELECT count(DISTINCT version) FROM schema_version"));
        Assert.Equal(1, Scalar("SELECT count(*) FROM experiments WHERE experiment_id = 0"));
        Assert.Equal(experiments + 1, Scalar("SELECT count(*) FROM experiments"));
        Assert.Equal(experiments, Scalar("SELECT count(*) FROM runs"));
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    public void Dispose() => _temp.Dispose();
}
