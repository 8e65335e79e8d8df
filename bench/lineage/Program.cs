using System.Diagnostics;
using System.Globalization;
using Ariadne.Lineage;
using Ariadne.Postgres;
using Ariadne.Storage.Sqlite;
using Ariadne.Tracking;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Ariadne.Bench.Lineage;

/// <summary>
/// The lineage benchmark (issue 17); bench/lineage.sh builds and runs it. A store of RUNS runs in chains of
/// CHAIN runs, each reading FANOUT hashes (the previous run's outputs, or raw data for the first) and writing FANOUT,
/// so RUNS × FANOUT × 2 recorded inputs and outputs; then lineage upstream from the last output of a chain and
/// downstream from its raw data, with Ariadne's walker and with a recursive SQL query (what one would write by hand),
/// with and without the index on artifact hashes. Prints a Markdown table; every figure is measured in this run.
/// Usage: Ariadne.Bench.Lineage WORK_DIR RUNS CHAIN FANOUT REPEAT [POSTGRES_URI]
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var work = args[0];
        var runs = int.Parse(args[1], CultureInfo.InvariantCulture);
        var chain = int.Parse(args[2], CultureInfo.InvariantCulture);
        var fanout = int.Parse(args[3], CultureInfo.InvariantCulture);
        var repeat = int.Parse(args[4], CultureInfo.InvariantCulture);
        var postgres = args.Length > 5 ? args[5] : null;
        Directory.CreateDirectory(work);
        var shape = new Shape(runs, chain, fanout);
        Console.WriteLine($"Store: {runs:N0} runs in chains of {chain}, {fanout} inputs and {fanout} outputs each: {shape.Records:N0} recorded inputs and outputs. Median of {repeat} after 2 warm-ups.");
        Console.WriteLine();
        Console.WriteLine("| Store | Query | Runs found | Median ms | p90 ms |");
        Console.WriteLine("|---|---|---:|---:|---:|");

        var file = Path.Combine(work, "lineage.db");
        File.Delete(file);
        await using (var created = SqliteStore.Open(file))
        {
            await created.GetExperimentAsync("0", CancellationToken.None); // the schema, with every migration
        }

        var seeded = Stopwatch.StartNew();
        SeedSqlite(file, shape);
        await Console.Error.WriteLineAsync($"SQLite seeded in {seeded.Elapsed.TotalSeconds:F1} s");
        await using (var store = SqliteStore.Open(file))
        {
            await WalkAsync("SQLite", store, shape, repeat);
        }

        await RecursiveSqliteAsync(file, shape, repeat, withIndex: true);
        await using (var connection = new SqliteConnection($"Data Source={file}"))
        {
            connection.Open();
            using var drop = connection.CreateCommand();
            drop.CommandText = "DROP INDEX run_artifacts_hash";
            drop.ExecuteNonQuery();
        }

        await RecursiveSqliteAsync(file, shape, repeat, withIndex: false);

        if (postgres is not null)
        {
            PostgresStore.Register();
            await using (var created = TrackingStoreRegistry.Open(postgres))
            {
                await created.GetExperimentAsync("0", CancellationToken.None);
            }

            seeded.Restart();
            await SeedPostgresAsync(postgres, shape);
            await Console.Error.WriteLineAsync($"PostgreSQL seeded in {seeded.Elapsed.TotalSeconds:F1} s");
            await using (var store = TrackingStoreRegistry.Open(postgres))
            {
                await WalkAsync("PostgreSQL", store, shape, repeat);
            }

            await RecursivePostgresAsync(postgres, shape, repeat);
        }

        return 0;
    }

    private static async Task WalkAsync(string name, ITrackingStore store, Shape shape, int repeat)
    {
        var chain = shape.Chains / 2; // a chain from the middle of the store
        var up = LineageTarget.ForData("output", shape.Output(chain, shape.Chain - 1, 0), null);
        var down = LineageTarget.ForData("raw", shape.Raw(chain, 0), null);
        foreach (var (label, target, direction) in new[] { ("lineage upstream (ariadne lineage)", up, LineageDirection.Upstream), ("lineage downstream (ariadne lineage --downstream)", down, LineageDirection.Downstream) })
        {
            var found = 0;
            var times = await TimeAsync(repeat, async () =>
            {
                var graph = await new LineageWalker(store, null).WalkAsync(target, direction, CancellationToken.None);
                found = graph.Runs.Count;
            });
            Row(name, label, found, times);
        }
    }

    private static async Task RecursiveSqliteAsync(string file, Shape shape, int repeat, bool withIndex)
    {
        await using var connection = new SqliteConnection($"Data Source={file}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = RecursiveUpstream;
        command.Parameters.AddWithValue("@target", shape.Output(shape.Chains / 2, shape.Chain - 1, 0));
        var found = 0;
        var times = await TimeAsync(withIndex ? repeat : Math.Min(repeat, 3), () =>
        {
            found = Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        });
        Row("SQLite", "recursive SQL (WITH RECURSIVE), upstream" + (withIndex ? ", with the hash indexes" : ", no index on artifact hashes (before this change)"), found, times);
    }

    private static async Task RecursivePostgresAsync(string uri, Shape shape, int repeat)
    {
        await using var data = NpgsqlDataSource.Create(Connection(uri));
        await using var command = data.CreateCommand(RecursiveUpstream.Replace("@target", "$1", StringComparison.Ordinal));
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = shape.Output(shape.Chains / 2, shape.Chain - 1, 0) });
        var found = 0;
        var times = await TimeAsync(repeat, async () => found = Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture));
        Row("PostgreSQL", "recursive SQL (WITH RECURSIVE), upstream, with the hash indexes", found, times);
    }

    /// <summary>The runs upstream of a hash, as one would write it by hand against the store's tables.</summary>
    private const string RecursiveUpstream = """
        WITH RECURSIVE up(run_id) AS (
            SELECT run_id FROM run_artifacts WHERE hash = @target
            UNION
            SELECT a.run_id FROM up JOIN run_inputs i ON i.run_id = up.run_id JOIN run_artifacts a ON a.hash = i.dataset_hash)
        SELECT count(*) FROM up
        """;

    private static async Task<List<double>> TimeAsync(int repeat, Func<Task> body)
    {
        for (var i = 0; i < 2; i++)
        {
            await body();
        }

        var times = new List<double>();
        for (var i = 0; i < repeat; i++)
        {
            var clock = Stopwatch.StartNew();
            await body();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times;
    }

    private static void Row(string store, string query, int found, List<double> sorted) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {store} | {query} | {found} | {sorted[sorted.Count / 2]:F2} | {sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(sorted.Count * 0.9) - 1)]:F2} |"));

    private static void SeedSqlite(string file, Shape shape)
    {
        using var connection = new SqliteConnection($"Data Source={file}");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var run = Insert(connection, "INSERT INTO runs (run_id, experiment_id, name, status, start_time, end_time, lifecycle_stage, user_id, artifact_uri) VALUES (@a, 0, @b, 'FINISHED', @c, @c, 'active', 'bench', 'ariadne-artifacts:/x')", 3);
        using var input = Insert(connection, "INSERT INTO run_inputs (run_id, dataset_hash, role) VALUES (@a, @b, @c)", 3);
        using var output = Insert(connection, "INSERT INTO run_artifacts (run_id, path, hash, size) VALUES (@a, @b, @c, 1)", 3);
        foreach (var (runId, step, chain) in shape.Runs())
        {
            Execute(run, runId, $"c{chain}-s{step}", (long)(chain * shape.Chain + step));
            for (var k = 0; k < shape.Fanout; k++)
            {
                Execute(input, runId, step == 0 ? shape.Raw(chain, k) : shape.Output(chain, step - 1, k), "dep");
                Execute(output, runId, $"outs/f{k}", shape.Output(chain, step, k));
            }
        }

        transaction.Commit();
        using var analyze = connection.CreateCommand();
        analyze.CommandText = "ANALYZE";
        analyze.ExecuteNonQuery();
    }

    private static async Task SeedPostgresAsync(string uri, Shape shape)
    {
        await using var connection = new NpgsqlConnection(Connection(uri));
        await connection.OpenAsync();
        await using (var runs = await connection.BeginBinaryImportAsync("COPY runs (run_id, experiment_id, name, status, start_time, end_time, lifecycle_stage, user_id, artifact_uri) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (runId, step, chain) in shape.Runs())
            {
                await runs.WriteRowAsync(CancellationToken.None, runId, 0L, $"c{chain}-s{step}", "FINISHED", (long)(chain * shape.Chain + step), (long)(chain * shape.Chain + step), "active", "bench", "ariadne-artifacts:/x");
            }

            await runs.CompleteAsync();
        }

        await using (var inputs = await connection.BeginBinaryImportAsync("COPY run_inputs (run_id, dataset_hash, role) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (runId, step, chain) in shape.Runs())
            {
                for (var k = 0; k < shape.Fanout; k++)
                {
                    await inputs.WriteRowAsync(CancellationToken.None, runId, step == 0 ? shape.Raw(chain, k) : shape.Output(chain, step - 1, k), "dep");
                }
            }

            await inputs.CompleteAsync();
        }

        await using (var outputs = await connection.BeginBinaryImportAsync("COPY run_artifacts (run_id, path, hash, size) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (runId, step, chain) in shape.Runs())
            {
                for (var k = 0; k < shape.Fanout; k++)
                {
                    await outputs.WriteRowAsync(CancellationToken.None, runId, $"outs/f{k}", shape.Output(chain, step, k), 1L);
                }
            }

            await outputs.CompleteAsync();
        }

        await using var analyze = new NpgsqlCommand("ANALYZE", connection);
        await analyze.ExecuteNonQueryAsync();
    }

    private static string Connection(string uri)
    {
        var parsed = new Uri(uri);
        var user = parsed.UserInfo.Split(':');
        return $"Host={parsed.Host};Port={parsed.Port};Username={Uri.UnescapeDataString(user[0])};Password={Uri.UnescapeDataString(user.ElementAtOrDefault(1) ?? "")};Database={parsed.AbsolutePath.TrimStart('/')}";
    }

    private static SqliteCommand Insert(SqliteConnection connection, string sql, int parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in new[] { "@a", "@b", "@c" }.Take(parameters))
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    private static void Execute(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        command.ExecuteNonQuery();
    }

    /// <summary>Deterministic ids and hashes for run <c>step</c> of chain <c>chain</c>.</summary>
    private sealed record Shape(int RunCount, int Chain, int Fanout)
    {
        public int Chains => RunCount / Chain;

        public long Records => (long)Chains * Chain * Fanout * 2;

        public IEnumerable<(string RunId, int Step, int Chain)> Runs()
        {
            for (var chain = 0; chain < Chains; chain++)
            {
                for (var step = 0; step < Chain; step++)
                {
                    yield return (Hex($"run-{chain}-{step}", 32), step, chain);
                }
            }
        }

        public string Raw(int chain, int k) => Hex($"raw-{chain}-{k}", 64);

        public string Output(int chain, int step, int k) => Hex($"out-{chain}-{step}-{k}", 64);

        private static string Hex(string text, int length) =>
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..length];
    }
}
