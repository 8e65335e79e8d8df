using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;
using Ariadne.Postgres;
using Ariadne.Storage.Sqlite;
using Ariadne.Tracking;
using Ariadne.Tracking.Search;
using Microsoft.Data.Sqlite;

namespace Ariadne.Bench.Tracking;

/// <summary>
/// The experiment-tracking benchmark (issue 3); bench/tracking.sh builds and runs it. Prints the Markdown results to
/// standard output and progress to standard error. Every figure is measured in this run; nothing is estimated.
/// </summary>
internal static class Program
{
    private static readonly StringBuilder Report = new();
    private static readonly List<(string Goal, string Measured, bool? Met)> Goals = [];

    private static Options O { get; set; } = null!;

    public static async Task<int> Main(string[] args)
    {
        try
        {
            O = Options.Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }

        Directory.CreateDirectory(O.Work);
        var pgUri = O.Postgres ? Tools.PostgresUri() : null;
        if (pgUri is not null)
        {
            PostgresStore.Register();
        }

        var started = Stopwatch.StartNew();
        Versions(pgUri);

        await MetricLoggingAsync();
        await SearchAsync(pgUri);
        await HistoryAsync(pgUri);

        Line("## Goals (issue 3)");
        Line();
        Line("| Goal | Measured | Met? |");
        Line("|---|---:|---|");
        foreach (var (goal, measured, met) in Goals)
        {
            Line($"| {goal} | {measured} | {(met is null ? "not measured" : met.Value ? "met" : "**not met**")} |");
        }

        Line();
        Line($"The benchmark program ran {started.Elapsed.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture)} s.");
        Console.Out.Write(Report.ToString());
        return 0;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 1 + 4. SDK metric logging into the embedded store, against sqlite3 inserting the same rows; peak memory.
    // ---------------------------------------------------------------------------------------------------------------

    private sealed record Ingest(
        long Points,
        long Steps,
        double LoopSeconds,
        double TotalSeconds,
        long Stored,
        bool Verified,
        long ResidentBefore,
        long PeakResident,
        long PeakSampled,
        long PeakHeap,
        long Allocated,
        int Gen0,
        int Gen1,
        int Gen2,
        TimeSpan Pause)
    {
        public double Rate => Points / TotalSeconds;
    }

    /// <summary>
    /// One SDK run: LogMetric in a tight loop, then (when <paramref name="flushFirst"/>) FlushAsync, then EndAsync; the
    /// clock stops when EndAsync returns. Afterwards every key's history is read back and counted (not timed).
    /// </summary>
    private static async Task<Ingest> IngestAsync(string database, bool flushFirst)
    {
        var keys = Enumerable.Range(0, O.Keys).Select(k => "metric_" + k.ToString(CultureInfo.InvariantCulture)).ToArray();
        var steps = O.Points / O.Keys;
        var n = steps * O.Keys;
        Log($"1. SDK: {Format.N(n)} points ({O.Keys} keys x {Format.N(steps)} steps) with run.LogMetric{(flushFirst ? ", then FlushAsync," : "")} into {database}");
        var store = SqliteStore.Open(database);
        await using (store.ConfigureAwait(false))
        {
            var client = TrackingClient.ForStore(store);
            await using (client.ConfigureAwait(false))
            {
                var run = await client.StartRunAsync("ingest", flushFirst ? "sdk-logging-flush" : "sdk-logging");
                Ingest result;
                await using (run.ConfigureAwait(false))
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    GC.Collect();
                    var residentBefore = Environment.WorkingSet;
                    var gcBefore = (G0: GC.CollectionCount(0), G1: GC.CollectionCount(1), G2: GC.CollectionCount(2));
                    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                    var pauseBefore = GC.GetTotalPauseDuration();
                    using var sampler = MemorySampler.Start();

                    var clock = Stopwatch.StartNew();
                    for (long step = 0; step < steps; step++)
                    {
                        var value = (step % 1000) * 0.001;
                        for (var k = 0; k < keys.Length; k++)
                        {
                            run.LogMetric(keys[k], value + k, step);
                        }
                    }

                    var loopSeconds = clock.Elapsed.TotalSeconds;
                    if (flushFirst)
                    {
                        await run.FlushAsync();
                    }

                    await run.EndAsync();
                    var totalSeconds = clock.Elapsed.TotalSeconds;

                    sampler.Stop();
                    result = new Ingest(n, steps, loopSeconds, totalSeconds, 0, false, residentBefore, MemorySampler.PeakResident(), sampler.PeakWorkingSet,
                        sampler.PeakManagedHeap, GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore, GC.CollectionCount(0) - gcBefore.G0,
                        GC.CollectionCount(1) - gcBefore.G1, GC.CollectionCount(2) - gcBefore.G2, GC.GetTotalPauseDuration() - pauseBefore);
                }

                Log($"1. SDK: loop {Format.S(result.LoopSeconds)} s, until EndAsync returned {Format.S(result.TotalSeconds)} s; verifying the stored histories");
                long stored = 0;
                var stepsOk = true;
                foreach (var key in keys)
                {
                    var history = await store.GetMetricHistoryAsync(run.RunId, key, CancellationToken.None);
                    stored += history.Count;
                    stepsOk &= history.Count == steps && history[0].Step == 0 && history[^1].Step == steps - 1;
                }

                Log($"1. SDK: {Format.N(result.Rate)} points/s; stored {Format.N(stored)} of {Format.N(n)}");
                return result with { Stored = stored, Verified = stored == n && stepsOk };
            }
        }
    }

    private static async Task MetricLoggingAsync()
    {
        // As the issue asks (loop, EndAsync) first, in a fresh process: the peak resident set at its end belongs to it.
        // Then the same again and with FlushAsync before EndAsync, with the JIT and the GC heap warmed up by the first.
        var plain = await IngestAsync(Path.Combine(O.Work, "ingest.db"), flushFirst: false);
        var warm = await IngestAsync(Path.Combine(O.Work, "ingest-warm.db"), flushFirst: false);
        var flushed = await IngestAsync(Path.Combine(O.Work, "ingest-flush.db"), flushFirst: true);
        var n = plain.Points;

        var peers = new List<(string Name, double Seconds, string Note)>();
        foreach (var indexed in new[] { false, true })
        {
            var peerDatabase = Path.Combine(O.Work, indexed ? "peer-indexed.db" : "peer-plain.db");
            Log($"1. sqlite3: INSERT ... SELECT FROM generate_series, {Format.N(n)} rows, {(indexed ? "with" : "no")} index");
            var output = await Tools.Sqlite3Async(peerDatabase, $"""
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = NORMAL;
                PRAGMA cache_size = -32768;
                CREATE TABLE points (run_id TEXT NOT NULL, key TEXT NOT NULL, step INTEGER NOT NULL, timestamp INTEGER NOT NULL, value REAL NOT NULL);
                {(indexed ? "CREATE INDEX points_run_key_step ON points (run_id, key, step);" : "")}
                .timer on
                BEGIN;
                INSERT INTO points (run_id, key, step, timestamp, value)
                  SELECT '0123456789abcdef0123456789abcdef', 'metric_' || (value % {O.Keys}), value / {O.Keys}, 1700000000000 + value / 1000, (value % 1000) * 0.001 + value % {O.Keys}
                  FROM generate_series(0, {n - 1});
                COMMIT;
                .timer off
                SELECT 'rows ' || count(*) FROM points;
                """);
            var times = Tools.SqliteTimes(output);
            if (times.Count != 3 || !output.Contains($"rows {n}", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Unexpected sqlite3 output:{Environment.NewLine}{output}");
            }

            peers.Add((indexed ? "sqlite3: same rows, table with an index on (run_id, key, step)" : "sqlite3: same rows into a plain table (no index)", times.Sum(),
                "`.timer` sum of BEGIN, INSERT ... SELECT FROM generate_series, COMMIT; WAL, synchronous=NORMAL, 32 MiB cache as the store"));
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(peerDatabase + suffix);
            }
        }

        var reference = n / peers[0].Seconds;
        string Stored(Ingest i) => $"{Format.N(i.Stored)} of {Format.N(i.Points)} points read back: {(i.Verified ? "all" : "**POINTS MISSING**")}";
        Line($"## 1. Metric logging: {Format.N(n)} points through the SDK into the embedded SQLite store");
        Line();
        Line($"`run.LogMetric(key, value, step)` in a tight loop, {O.Keys} keys x {Format.N(plain.Steps)} steps, on a run started with");
        Line("`TrackingClient.ForStore(SqliteStore.Open(tmp.db)).StartRunAsync` (fresh file); the clock runs from the first call until");
        Line("`EndAsync` returns (it writes what is still buffered). The first row is the first work of the process (cold JIT, empty GC");
        Line("heap); the second repeats it into another fresh file, and the third also calls `FlushAsync` before `EndAsync`. After each,");
        Line("`GetMetricHistoryAsync` reads every key back (not timed) and the points are counted (steps 0..last per key).");
        Line("Ratio: rows per second relative to sqlite3 into a plain table.");
        Line();
        Line("| What | Rows | Seconds | Rows/s | Ratio vs sqlite3 plain table | Note |");
        Line("|---|---:|---:|---:|---:|---|");
        Line($"| Ariadne SDK: LogMetric loop + EndAsync, first in the process | {Format.N(n)} | {Format.S(plain.TotalSeconds)} | {Format.N(plain.Rate)} | {Format.Ratio(plain.Rate / reference)} | loop {Format.S(plain.LoopSeconds)} s, EndAsync {Format.S(plain.TotalSeconds - plain.LoopSeconds)} s; {Stored(plain)} |");
        Line($"| Ariadne SDK: LogMetric loop + EndAsync, again (warm) | {Format.N(n)} | {Format.S(warm.TotalSeconds)} | {Format.N(warm.Rate)} | {Format.Ratio(warm.Rate / reference)} | loop {Format.S(warm.LoopSeconds)} s, EndAsync {Format.S(warm.TotalSeconds - warm.LoopSeconds)} s; {Stored(warm)} |");
        Line($"| Ariadne SDK: LogMetric loop + FlushAsync + EndAsync (warm) | {Format.N(n)} | {Format.S(flushed.TotalSeconds)} | {Format.N(flushed.Rate)} | {Format.Ratio(flushed.Rate / reference)} | loop {Format.S(flushed.LoopSeconds)} s, FlushAsync + EndAsync {Format.S(flushed.TotalSeconds - flushed.LoopSeconds)} s; {Stored(flushed)} |");
        foreach (var (name, seconds, note) in peers)
        {
            Line($"| {name} | {Format.N(n)} | {Format.S(seconds)} | {Format.N(n / seconds)} | {Format.Ratio(n / seconds / reference)} | {note} |");
        }

        Line();
        Line("## 4. Memory of the process during item 1 (first row: loop + EndAsync)");
        Line();
        Line("| Measure | Value |");
        Line("|---|---:|");
        Line($"| Working set just before the loop (runtime started, store open, run started) | {Format.MiB(plain.ResidentBefore)} MiB |");
        Line($"| Peak resident set of the process (VmHWM) when EndAsync returned | {Format.MiB(plain.PeakResident)} MiB |");
        Line($"| Peak working set sampled every 10 ms during the loop and EndAsync | {Format.MiB(plain.PeakSampled)} MiB |");
        Line($"| Peak managed heap sampled (GC.GetTotalMemory) | {Format.MiB(plain.PeakHeap)} MiB |");
        Line($"| Allocated during the loop and EndAsync | {Format.MiB(plain.Allocated)} MiB ({(plain.Allocated / (double)n).ToString("F1", CultureInfo.InvariantCulture)} bytes per point) |");
        Line($"| Garbage collections gen0 / gen1 / gen2 | {plain.Gen0} / {plain.Gen1} / {plain.Gen2} |");
        Line($"| GC pause time | {plain.Pause.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture)} ms ({(plain.Pause.TotalSeconds / plain.TotalSeconds * 100).ToString("F1", CultureInfo.InvariantCulture)}% of the wall time) |");
        Line($"| Second row (warm): peak sampled working set, peak managed heap, allocated | {Format.MiB(warm.PeakSampled)} MiB, {Format.MiB(warm.PeakHeap)} MiB, {Format.MiB(warm.Allocated)} MiB |");
        Line($"| Third row (FlushAsync first): peak sampled working set, peak managed heap, allocated | {Format.MiB(flushed.PeakSampled)} MiB, {Format.MiB(flushed.PeakHeap)} MiB, {Format.MiB(flushed.Allocated)} MiB |");
        Line();

        Goals.Add(("SDK metric logging into SQLite >= 1,000,000 points/s: loop + EndAsync, first in the process", $"{Format.N(plain.Rate)} points/s{(plain.Verified ? "" : $", but only {Format.N(plain.Stored)} of {Format.N(n)} points stored")}", plain.Rate >= 1_000_000 && plain.Verified));
        Goals.Add(("same, loop + EndAsync again (warm)", $"{Format.N(warm.Rate)} points/s{(warm.Verified ? "" : $", but only {Format.N(warm.Stored)} of {Format.N(n)} points stored")}", warm.Rate >= 1_000_000 && warm.Verified));
        Goals.Add(("same, loop + FlushAsync + EndAsync (warm)", $"{Format.N(flushed.Rate)} points/s{(flushed.Verified ? ", all points stored" : $", but only {Format.N(flushed.Stored)} of {Format.N(n)} points stored")}", flushed.Rate >= 1_000_000 && flushed.Verified));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // 2. Search over many runs, SQLite and PostgreSQL, against a naive JOIN query in sqlite3 / psql.
    // ---------------------------------------------------------------------------------------------------------------

    private sealed record SearchCase(string Name, string Filter, string OrderBy, double Threshold);

    private static readonly SearchCase[] Cases =
    [
        new("Q1", "metrics.m3 > 0.5 and params.p7 = 'v1'", "metrics.m1 DESC", 0.5),
        new("Q2 (selective)", "metrics.m3 > 0.99 and params.p7 = 'v1'", "metrics.m1 DESC", 0.99),
    ];

    private static string NaiveSql(SearchCase c, string experimentId, bool count) =>
        $"""
        SELECT {(count ? "count(*)" : "r.run_id")}
        FROM runs r
        JOIN latest_metrics f ON f.run_id = r.run_id AND f.key = 'm3'
        JOIN params p ON p.run_id = r.run_id AND p.key = 'p7'
        {(count ? "" : "LEFT JOIN latest_metrics o ON o.run_id = r.run_id AND o.key = 'm1'")}
        WHERE r.experiment_id = {experimentId} AND r.lifecycle_stage = 'active' AND f.value > {c.Threshold.ToString("R", CultureInfo.InvariantCulture)} AND p.value = 'v1'
        {(count ? "" : "ORDER BY o.value DESC NULLS LAST, r.start_time DESC, r.run_id\nLIMIT 100")}
        """;

    private sealed class Engine(string name, SqlDialect dialect, string? sqliteFile)
    {
        public string Name => name;

        public SqlDialect Dialect => dialect;

        public string? SqliteFile => sqliteFile;

        public string Cli => dialect == SqlDialect.Sqlite ? "sqlite3" : "psql";

        /// <summary>Seconds of each of the timed executions of <paramref name="sql"/> in the shell (warm-ups dropped).</summary>
        public async Task<Samples> TimeAsync(string sql, int warmup, int repeat)
        {
            var body = new StringBuilder();
            for (var i = 0; i < warmup + repeat; i++)
            {
                body.Append(sql).Append(";\n");
            }

            List<double> times;
            if (dialect == SqlDialect.Sqlite)
            {
                // The store's own connection settings (SqliteSession): 32 MiB page cache, 256 MiB mmap.
                var output = await Tools.Sqlite3Async(sqliteFile!, ".output /dev/null\nPRAGMA cache_size = -32768;\nPRAGMA mmap_size = 268435456;\n.timer on\n" + body);
                times = Tools.SqliteTimes(output);
            }
            else
            {
                var output = await Tools.PsqlAsync("\\timing on\n\\o /dev/null\n" + body);
                times = Tools.PsqlTimes(output);
            }

            if (times.Count != warmup + repeat)
            {
                throw new InvalidOperationException($"{Cli} timed {times.Count} statements, expected {warmup + repeat}.");
            }

            return new Samples(times.Skip(warmup).ToList());
        }

        /// <summary>
        /// The same query through the client library the store uses (Microsoft.Data.Sqlite with the store's connection
        /// settings; Npgsql over TCP with jit=off and no parallel workers, as the store connects), ids read into a list, timed around the call.
        /// </summary>
        public async Task<Samples> TimeInProcessAsync(string sql, int warmup, int repeat)
        {
            var times = new List<double>();
            if (dialect == SqlDialect.Sqlite)
            {
                using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = sqliteFile, Pooling = false }.ToString());
                connection.Open();
                using (var pragmas = connection.CreateCommand())
                {
                    pragmas.CommandText = "PRAGMA cache_size = -32768; PRAGMA mmap_size = 268435456; PRAGMA temp_store = MEMORY;";
                    pragmas.ExecuteNonQuery();
                }

                using var command = connection.CreateCommand();
                command.CommandText = sql;
                for (var i = 0; i < warmup + repeat; i++)
                {
                    var clock = Stopwatch.StartNew();
                    var ids = new List<string>();
                    using (var reader = command.ExecuteReader())
                    {
                        while (reader.Read())
                        {
                            ids.Add(reader.GetString(0));
                        }
                    }

                    if (i >= warmup)
                    {
                        times.Add(clock.Elapsed.TotalSeconds);
                    }
                }
            }
            else
            {
                var builder = new Npgsql.NpgsqlConnectionStringBuilder
                {
                    Host = Environment.GetEnvironmentVariable("PGHOST"),
                    Port = int.Parse(Environment.GetEnvironmentVariable("PGPORT")!, CultureInfo.InvariantCulture),
                    Username = Environment.GetEnvironmentVariable("PGUSER"),
                    Password = Environment.GetEnvironmentVariable("PGPASSWORD"),
                    Database = Environment.GetEnvironmentVariable("PGDATABASE"),
                    Options = "-c jit=off -c max_parallel_workers_per_gather=0",
                };
                await using var source = Npgsql.NpgsqlDataSource.Create(builder.ConnectionString);
                await using var connection = await source.OpenConnectionAsync();
                for (var i = 0; i < warmup + repeat; i++)
                {
                    var clock = Stopwatch.StartNew();
                    var ids = new List<string>();
                    await using (var command = new Npgsql.NpgsqlCommand(sql, connection))
                    await using (var reader = await command.ExecuteReaderAsync())
                    {
                        while (await reader.ReadAsync())
                        {
                            ids.Add(reader.GetString(0));
                        }
                    }

                    if (i >= warmup)
                    {
                        times.Add(clock.Elapsed.TotalSeconds);
                    }
                }
            }

            return new Samples(times);
        }

        public async Task<List<string>> RowsAsync(string sql)
        {
            var output = dialect == SqlDialect.Sqlite
                ? await Tools.Sqlite3Async(sqliteFile!, sql + ";\n")
                : await Tools.PsqlAsync("\\pset format unaligned\n\\pset tuples_only on\n" + sql + ";\n");
            return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        }
    }

    private static async Task SearchAsync(string? pgUri)
    {
        var rows = new List<string>();
        var notes = new List<string>();

        // SQLite
        var sqliteFile = Path.Combine(O.Work, "search.db");
        string sqliteExperiment;
        var store = SqliteStore.Open(sqliteFile);
        await using (store.ConfigureAwait(false))
        {
            sqliteExperiment = await store.CreateExperimentAsync("search", null, CancellationToken.None);
        }

        Log($"2. SQLite: seeding {Format.N(O.Runs)} runs x ({O.Params} params, {O.Metrics} metrics, {O.Tags} tags) with sqlite3");
        var clock = Stopwatch.StartNew();
        await Tools.Sqlite3Async(sqliteFile, SeedSql.Sqlite(sqliteExperiment, O.Runs, O.Params, O.Metrics, O.Tags));
        var sqliteSeed = clock.Elapsed.TotalSeconds;
        Log($"2. SQLite: seeded in {Format.S(sqliteSeed)} s");
        notes.Add($"SQLite seeded in {Format.S(sqliteSeed)} s (one sqlite3 transaction of INSERT ... SELECT; file {Format.MiB(new FileInfo(sqliteFile).Length + WalSize(sqliteFile))} MiB with its WAL)");
        store = SqliteStore.Open(sqliteFile);
        await using (store.ConfigureAwait(false))
        {
            await SearchStoreAsync("SQLite", store, new Engine("SQLite", SqlDialect.Sqlite, sqliteFile), sqliteExperiment, rows);
        }

        // PostgreSQL
        if (pgUri is not null)
        {
            var pg = PostgresStore.Open(pgUri);
            await using (pg.ConfigureAwait(false))
            {
                var experiment = await pg.CreateExperimentAsync("search", null, CancellationToken.None);
                Log($"2. PostgreSQL: seeding {Format.N(O.Runs)} runs with psql, then VACUUM ANALYZE");
                clock.Restart();
                await Tools.PsqlAdminAsync(SeedSql.Postgres(experiment, O.Runs, O.Params, O.Metrics, O.Tags));
                var pgSeed = clock.Elapsed.TotalSeconds;
                Log($"2. PostgreSQL: seeded in {Format.S(pgSeed)} s");
                var size = (await Tools.PsqlAsync("\\pset format unaligned\n\\pset tuples_only on\nSELECT pg_size_pretty(pg_database_size(current_database()));\n")).Trim();
                notes.Add($"PostgreSQL seeded in {Format.S(pgSeed)} s (psql as superuser: INSERT ... SELECT FROM generate_series with session_replication_role = replica, i.e. no per-row foreign-key checks, then VACUUM ANALYZE of the four tables; database {size})");
                await SearchStoreAsync("PostgreSQL", pg, new Engine("PostgreSQL", SqlDialect.Postgres, null), experiment, rows);
            }
        }
        else
        {
            notes.Add("PostgreSQL: not run (no server; see the script's output)");
            foreach (var c in Cases)
            {
                Goals.Add(($"PostgreSQL search {c.Name}: median and p90 < 100 ms", "-", null));
            }
        }

        Line($"## 2. Search: {Format.N(O.Runs)} runs, {O.Params} params + {O.Metrics} metrics + {O.Tags} tags each, first page of 100");
        Line();
        Line("Ordered by `metrics.m1 DESC`. Q1: `metrics.m3 > 0.5 and params.p7 = 'v1'`; Q2: `metrics.m3 > 0.99 and params.p7 = 'v1'`.");
        Line($"Warm-up runs: {O.Warmup}, then {O.Repeat} timed runs; p90 is the nearest-rank 90th percentile (rank {(int)Math.Ceiling(0.9 * O.Repeat)} of {O.Repeat}).");
        Line("`SearchRunsAsync` is timed in the client around the call and returns the 100 runs with all their params, latest metrics and");
        Line("tags; the other rows return run ids only. Shell rows are timed by the shell itself (`.timer on` in sqlite3, which counts in");
        Line("whole milliseconds; `\\timing` in psql, over TCP to 127.0.0.1 as the store connects, with jit=off and max_parallel_workers_per_gather=0 as the store sets them), output");
        Line("to /dev/null. \"In process\" runs the naive query through the store's own client library and settings and reads the ids.");
        Line("The naive query is one SELECT with two inner JOINs for the filter and a LEFT JOIN for the order key, `ORDER BY o.value DESC");
        Line("NULLS LAST, r.start_time DESC, r.run_id LIMIT 100`. Ratios: median relative to the naive query's median in the same database.");
        Line();
        Line("| Store | Query | Matching runs | What | Median ms | p90 ms | Min ms | Ratio vs naive in shell | Ratio vs naive in process | Same ids as naive |");
        Line("|---|---|---:|---|---:|---:|---:|---:|---:|---|");
        foreach (var row in rows)
        {
            Line(row);
        }

        Line();
        foreach (var note in notes)
        {
            Line($"- {note}");
        }

        Line();
    }

    private static async Task SearchStoreAsync(string label, ITrackingStore store, Engine engine, string experimentId, List<string> rows)
    {
        foreach (var c in Cases)
        {
            var search = new RunSearch([experimentId], c.Filter, [c.OrderBy], MaxResults: 100);
            var matches = long.Parse((await engine.RowsAsync(NaiveSql(c, experimentId, count: true)))[0], CultureInfo.InvariantCulture);
            var naiveIds = await engine.RowsAsync(NaiveSql(c, experimentId, count: false));

            Log($"2. {label} {c.Name}: SearchRunsAsync x {O.Warmup + O.Repeat} ({Format.N(matches)} matching runs)");
            var times = new List<double>();
            RunPage? page = null;
            for (var i = 0; i < O.Warmup + O.Repeat; i++)
            {
                var clock = Stopwatch.StartNew();
                page = await store.SearchRunsAsync(search, CancellationToken.None);
                var seconds = clock.Elapsed.TotalSeconds;
                if (i >= O.Warmup)
                {
                    times.Add(seconds);
                }
            }

            var sdk = new Samples(times);
            var sdkIds = page!.Runs.Select(r => r.Info.RunId).ToList();
            var complete = page.Runs.All(r => r.Params.Count == O.Params && r.LatestMetrics.Count == O.Metrics);

            Log($"2. {label} {c.Name}: naive JOIN query and Ariadne's generated query in {engine.Cli}");
            var naive = await engine.TimeAsync(NaiveSql(c, experimentId, count: false), O.Warmup, O.Repeat);
            var naiveInProcess = await engine.TimeInProcessAsync(NaiveSql(c, experimentId, count: false), O.Warmup, O.Repeat);
            var generated = RunSearchSql.Build(search, engine.Dialect);
            var inline = Inline(generated);
            var sqlFolder = Path.Combine(O.Work, "sql");
            Directory.CreateDirectory(sqlFolder);
            var stem = $"{label}-{c.Name.Split(' ')[0]}".ToLowerInvariant();
            await File.WriteAllTextAsync(Path.Combine(sqlFolder, stem + "-generated.sql"), inline + ";\n");
            await File.WriteAllTextAsync(Path.Combine(sqlFolder, stem + "-naive.sql"), NaiveSql(c, experimentId, count: false) + ";\n");
            var generatedIds = await engine.RowsAsync(inline);
            var generatedTimes = await engine.TimeAsync(inline, O.Warmup, O.Repeat);
            // The plans, for reading afterwards (bench/tracking.sh copies them next to the report).
            var explain = engine.Dialect == SqlDialect.Sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN (ANALYZE, BUFFERS) ";
            foreach (var (kind, text) in new[] { ("generated", inline), ("naive", NaiveSql(c, experimentId, count: false)) })
            {
                var plan = engine.Dialect == SqlDialect.Sqlite
                    ? await Tools.Sqlite3Async(engine.SqliteFile!, explain + text + ";\n")
                    : await Tools.PsqlAsync(explain + text + ";\n");
                await File.WriteAllTextAsync(Path.Combine(sqlFolder, $"{stem}-{kind}-plan.txt"), plan);
            }

            // The generated query asks for MaxResults + 1 rows (to know whether another page follows).
            var generatedSame = generatedIds.Take(100).SequenceEqual(naiveIds);
            var sdkSame = sdkIds.SequenceEqual(naiveIds);

            var m = Format.N(matches);
            var coarse = engine.Dialect == SqlDialect.Sqlite ? " (shell timer: 1 ms steps)" : "";
            string Row(string what, Samples t, string same) =>
                $"| {label} | {c.Name} | {m} | {what} | {Format.Ms(t.Median)} | {Format.Ms(t.P90)} | {Format.Ms(t.Min)} | {Format.Ratio(t.Median / naive.Median)} | {Format.Ratio(t.Median / naiveInProcess.Median)} | {same} |";
            rows.Add(Row("Ariadne `SearchRunsAsync` (ids, then the 100 runs loaded)", sdk, (sdkSame ? "yes" : "**no**") + (complete ? "" : " (runs incomplete!)")));
            rows.Add(Row($"Ariadne's generated id query, in {engine.Cli}{coarse}", generatedTimes, generatedSame ? "yes" : "**no**"));
            rows.Add(Row($"naive JOIN query, in {engine.Cli}{coarse}", naive, $"reference ({naiveIds.Count} rows)"));
            rows.Add(Row($"naive JOIN query, through {(engine.Dialect == SqlDialect.Sqlite ? "Microsoft.Data.Sqlite" : "Npgsql")} in this process", naiveInProcess, "same query"));
            Log($"2. {label} {c.Name}: SDK median {Format.Ms(sdk.Median)} ms p90 {Format.Ms(sdk.P90)} ms; generated {Format.Ms(generatedTimes.Median)} ms; naive {Format.Ms(naive.Median)} ms");

            var met = sdk.Median < 0.1 && sdk.P90 < 0.1 && sdkSame;
            Goals.Add(($"{label} search {c.Name}: median and p90 < 100 ms", $"median {Format.Ms(sdk.Median)} ms, p90 {Format.Ms(sdk.P90)} ms{(sdkSame ? "" : ", results differ from the naive query")}", met));
        }
    }

    /// <summary>The generated query with its parameters written in as literals, for the shells.</summary>
    private static string Inline(SqlQuery query)
    {
        var text = query.Text;
        foreach (var (name, value) in query.Parameters.OrderByDescending(p => p.Key.Length).ThenByDescending(p => p.Key, StringComparer.Ordinal))
        {
            var literal = value switch
            {
                string s => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'",
                long l => l.ToString(CultureInfo.InvariantCulture),
                int i => i.ToString(CultureInfo.InvariantCulture),
                double d => d.ToString("R", CultureInfo.InvariantCulture),
                null => "NULL",
                _ => throw new InvalidOperationException($"Unexpected parameter type {value.GetType().Name}."),
            };
            text = text.Replace(name, literal, StringComparison.Ordinal);
        }

        return text;
    }

    private static long WalSize(string database) => File.Exists(database + "-wal") ? new FileInfo(database + "-wal").Length : 0;

    // ---------------------------------------------------------------------------------------------------------------
    // 3. Downsampled history of one 1,000,000-point metric, against reading the full history.
    // ---------------------------------------------------------------------------------------------------------------

    private static async Task HistoryAsync(string? pgUri)
    {
        var rows = new List<string>();
        var store = SqliteStore.Open(Path.Combine(O.Work, "search.db"));
        await using (store.ConfigureAwait(false))
        {
            await HistoryStoreAsync("SQLite", store, rows);
        }

        if (pgUri is not null)
        {
            var pg = PostgresStore.Open(pgUri);
            await using (pg.ConfigureAwait(false))
            {
                await HistoryStoreAsync("PostgreSQL", pg, rows);
            }
        }
        else
        {
            Goals.Add(("PostgreSQL downsampled history (1,000 of 1,000,000 points): median < 50 ms", "-", null));
        }

        Line($"## 3. Downsampled history: one key with {Format.N(O.History)} points, {O.MaxPoints} points asked for");
        Line();
        Line($"The points are logged with `LogBatchAsync` in batches of {Format.N(O.Batch)} (the SDK's flush size), into the stores of item 2.");
        Line($"Warm-up calls: {O.Warmup}, then {O.Repeat} timed calls each, timed in the client. Ratio: median relative to the full history.");
        Line();
        Line("| Store | Call | Points returned | Median ms | p90 ms | Min ms | Ratio vs full history | Note |");
        Line("|---|---|---:|---:|---:|---:|---:|---|");
        foreach (var row in rows)
        {
            Line(row);
        }

        Line();
    }

    private static async Task HistoryStoreAsync(string label, ITrackingStore store, List<string> rows)
    {
        var experiment = await store.GetOrCreateExperimentAsync("history");
        var info = await store.CreateRunAsync(new NewRun(experiment, "history", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), "bench"), CancellationToken.None);
        const string key = "loss";
        Log($"3. {label}: logging {Format.N(O.History)} points of '{key}' with LogBatchAsync");
        var random = new Random(42);
        var clock = Stopwatch.StartNew();
        for (long start = 0; start < O.History; start += O.Batch)
        {
            var count = (int)Math.Min(O.Batch, O.History - start);
            var batch = new Metric[count];
            for (var i = 0; i < count; i++)
            {
                var step = start + i;
                batch[i] = new Metric(key, (1.0 / (1 + (step / 1000.0))) + (random.NextDouble() * 0.01), 1_700_000_000_000 + step, step);
            }

            await store.LogBatchAsync(info.RunId, batch, [], [], CancellationToken.None);
        }

        var logSeconds = clock.Elapsed.TotalSeconds;
        var note = $"logged in {Format.S(logSeconds)} s ({Format.N(O.History / logSeconds)} points/s)";
        if (label == "PostgreSQL")
        {
            await Tools.PsqlAdminAsync("VACUUM ANALYZE metrics;\n");
            note += "; then VACUUM ANALYZE metrics";
        }

        Log($"3. {label}: {note}; timing GetMetricHistoryDownsampledAsync and GetMetricHistoryAsync");
        IMetricDownsampling downsampling = store;
        IReadOnlyList<Metric> sampled = [];
        var downsampled = await TimeAsync(async () => sampled = await downsampling.GetMetricHistoryDownsampledAsync(info.RunId, key, O.MaxPoints, CancellationToken.None));
        IReadOnlyList<Metric> full = [];
        var fullTimes = await TimeAsync(async () => full = await store.GetMetricHistoryAsync(info.RunId, key, CancellationToken.None));
        var shapeOk = sampled.Count <= O.MaxPoints && sampled.Count > 0 && sampled[0].Step == 0 && sampled[^1].Step == O.History - 1;
        rows.Add($"| {label} | `GetMetricHistoryDownsampledAsync(run, key, {O.MaxPoints})` | {Format.N(sampled.Count)} | {Format.Ms(downsampled.Median)} | {Format.Ms(downsampled.P90)} | {Format.Ms(downsampled.Min)} | {Format.Ratio(downsampled.Median / fullTimes.Median)} | first and last step kept, at most {O.MaxPoints}: {(shapeOk ? "yes" : "**no**")} |");
        rows.Add($"| {label} | `GetMetricHistoryAsync(run, key)` (full history) | {Format.N(full.Count)} | {Format.Ms(fullTimes.Median)} | {Format.Ms(fullTimes.P90)} | {Format.Ms(fullTimes.Min)} | 1.00 | {note} |");
        Log($"3. {label}: downsampled median {Format.Ms(downsampled.Median)} ms ({sampled.Count} points), full {Format.Ms(fullTimes.Median)} ms ({full.Count} points)");
        Goals.Add(($"{label} downsampled history ({Format.N(O.MaxPoints)} of {Format.N(O.History)} points): median < 50 ms", $"{Format.Ms(downsampled.Median)} ms", downsampled.Median < 0.05 && shapeOk && full.Count == O.History));
    }

    private static async Task<Samples> TimeAsync(Func<Task> call)
    {
        var times = new List<double>();
        for (var i = 0; i < O.Warmup + O.Repeat; i++)
        {
            var clock = Stopwatch.StartNew();
            await call();
            if (i >= O.Warmup)
            {
                times.Add(clock.Elapsed.TotalSeconds);
            }
        }

        return new Samples(times);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static void Versions(string? pgUri)
    {
        string sqliteLibrary;
        using (var connection = new SqliteConnection("Data Source=:memory:"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT sqlite_version()";
            sqliteLibrary = (string)command.ExecuteScalar()!;
        }

        var server = pgUri is null ? "not run" : Tools.Version("psql", "-X", "-A", "-t", "-c", "SELECT version()");
        Line($"Runtime: {RuntimeInformation.FrameworkDescription} ({(GCSettings.IsServerGC ? "server" : "workstation")} GC, {(GCSettings.LatencyMode == GCLatencyMode.Interactive ? "concurrent" : GCSettings.LatencyMode.ToString())}),");
        Line($"Microsoft.Data.Sqlite {typeof(SqliteConnection).Assembly.GetName().Version} with SQLite {sqliteLibrary} (the store's library), Npgsql {typeof(Npgsql.NpgsqlConnection).Assembly.GetName().Version}.");
        Line($"Peers: {Tools.Version("sqlite3", "--version").Split(' ')[0]} (sqlite3 shell, Debian's libsqlite3), {Tools.Version("psql", "--version")}; server: {server}.");
        Line();
    }

    private static void Line(string text = "") => Report.Append(text).Append('\n');

    private static void Log(string message) =>
        Console.Error.WriteLine($"[tracking {DateTime.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}] {message}");
}

/// <summary>Command-line options: <c>--work DIR</c> (required) and sizes; see bench/tracking.sh.</summary>
internal sealed record Options(string Work, long Points, int Keys, int Runs, int Params, int Metrics, int Tags, long History, int MaxPoints, int Batch, int Repeat, int Warmup, bool Postgres)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Usage: --work DIR [--points N] [--keys N] [--runs N] [--params N] [--metrics N] [--tags N] [--history N] [--max-points N] [--batch N] [--repeat N] [--warmup N] [--postgres 0|1]; bad argument '{args[i]}'.");
            }

            values[args[i][2..]] = args[++i];
        }

        long Long(string name, long fallback) => values.TryGetValue(name, out var v) ? long.Parse(v, CultureInfo.InvariantCulture) : fallback;
        int Int(string name, int fallback) => (int)Long(name, fallback);
        var work = values.GetValueOrDefault("work") ?? throw new ArgumentException("--work DIR is required.");
        return new Options(Path.GetFullPath(work), Long("points", 5_000_000), Int("keys", 10), Int("runs", 100_000), Int("params", 20), Int("metrics", 20), Int("tags", 5),
            Long("history", 1_000_000), Int("max-points", 1000), Int("batch", 100_000), Int("repeat", 10), Int("warmup", 2), Int("postgres", 1) != 0);
    }
}
