using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Ariadne.Postgres;
using Ariadne.Registry;
using Ariadne.Tracking;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Ariadne.Bench.Registry;

/// <summary>
/// Registry search and alias lookup with many models and versions, on SQLite and PostgreSQL, each beside a plain SQL
/// query a user would otherwise write against the same tables.
/// </summary>
public static class Program
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task<int> Main(string[] args)
    {
        var options = Options(args);
        var work = options["work"];
        var models = int.Parse(options.GetValueOrDefault("models", "10000"), Invariant);
        var versions = int.Parse(options.GetValueOrDefault("versions", "100000"), Invariant);
        var repeat = int.Parse(options.GetValueOrDefault("repeat", "10"), Invariant);
        var warmup = int.Parse(options.GetValueOrDefault("warmup", "2"), Invariant);
        Directory.CreateDirectory(work);

        Console.WriteLine($"# Model registry benchmark: {models:N0} models, {versions:N0} versions ({versions / models} per model), median and p90 of {repeat} after {warmup} warm-ups\n");
        Console.WriteLine("| store | operation | Ariadne median ms | p90 ms | plain SQL median ms | rows |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: |");

        var sqlitePath = Path.Combine(work, "registry.db");
        File.Delete(sqlitePath);
        await using (var store = TrackingStoreRegistry.Open("sqlite:///" + sqlitePath.TrimStart('/')))
        {
            await store.SearchRegisteredModelsAsync(new ModelSearch(MaxResults: 1), default);
            await using var raw = new SqliteConnection($"Data Source={sqlitePath};Pooling=False");
            await raw.OpenAsync();
            var seed = Stopwatch.StartNew();
            await SeedAsync(raw, models, versions, postgres: false);
            Console.Error.WriteLine($"SQLite seeded in {seed.Elapsed.TotalSeconds:F1} s");
            await MeasureAsync("SQLite", store, raw, models, repeat, warmup);
        }

        if (options.TryGetValue("postgres", out var uri) && uri.Length > 0)
        {
            await using var store = PostgresStore.Open(uri);
            await store.SearchRegisteredModelsAsync(new ModelSearch(MaxResults: 1), default);
            var builder = new NpgsqlConnectionStringBuilder(PostgresUriToConnectionString(uri));
            await using var raw = new NpgsqlConnection(builder.ConnectionString);
            await raw.OpenAsync();
            var seed = Stopwatch.StartNew();
            await SeedAsync(raw, models, versions, postgres: true);
            Console.Error.WriteLine($"PostgreSQL seeded in {seed.Elapsed.TotalSeconds:F1} s");
            await MeasureAsync("PostgreSQL", store, raw, models, repeat, warmup);
        }

        return 0;
    }

    private static async Task MeasureAsync(string name, ITrackingStore store, DbConnection raw, int models, int repeat, int warmup)
    {
        var target = ModelName(models / 2 + 17);
        var prefix = target[..^2];
        var quoted = target.Replace("'", "''", StringComparison.Ordinal);
        var cases = new (string Operation, Func<Task<int>> Ariadne, string Sql)[]
        {
            ($"alias lookup models:/{target}@champion", async () => (await ModelUri.Parse($"models:/{target}@champion").ResolveAsync(store)).Files.Count,
                $"SELECT v.* FROM model_aliases a JOIN model_versions v ON v.name = a.name AND v.version = a.version WHERE a.name = '{quoted}' AND a.alias = 'champion'"),
            ($"get model {target}", async () => (await store.GetRegisteredModelAsync(target, default)).Aliases.Count,
                $"SELECT * FROM registered_models WHERE name = '{quoted}'"),
            ($"search models name LIKE '{prefix}%'", async () => (await store.SearchRegisteredModelsAsync(new ModelSearch($"name LIKE '{prefix}%'"), default)).Models.Count,
                $"SELECT * FROM registered_models WHERE name LIKE '{prefix}%' ORDER BY name LIMIT 100"),
            ("search models, first page of 100", async () => (await store.SearchRegisteredModelsAsync(new ModelSearch(), default)).Models.Count,
                "SELECT * FROM registered_models ORDER BY name LIMIT 100"),
            ("search models tags.team = 'team-7'", async () => (await store.SearchRegisteredModelsAsync(new ModelSearch("tags.team = 'team-7'"), default)).Models.Count,
                "SELECT m.* FROM registered_models m WHERE EXISTS (SELECT 1 FROM registered_model_tags t WHERE t.name = m.name AND t.key = 'team' AND t.value = 'team-7') ORDER BY m.name LIMIT 100"),
            ($"search versions name = '{target}'", async () => (await store.SearchModelVersionsAsync(new ModelSearch($"name = '{target}'"), default)).Versions.Count,
                $"SELECT * FROM model_versions WHERE name = '{quoted}' ORDER BY version DESC"),
            ("search versions, first page of 100", async () => (await store.SearchModelVersionsAsync(new ModelSearch(MaxResults: 100), default)).Versions.Count,
                "SELECT * FROM model_versions ORDER BY name, version DESC LIMIT 100"),
        };

        foreach (var (operation, ariadne, sql) in cases)
        {
            var rows = 0;
            var ours = await TimeAsync(async () => rows = await ariadne(), repeat, warmup);
            var plain = await TimeAsync(async () =>
            {
                await using var command = raw.CreateCommand();
                command.CommandText = sql;
                await using var reader = await command.ExecuteReaderAsync();
                var count = 0;
                while (await reader.ReadAsync())
                {
                    count++;
                }

                return count;
            }, repeat, warmup);
            Console.WriteLine($"| {name} | {operation} | {ours.Median:F2} | {ours.P90:F2} | {plain.Median:F2} | {rows} |");
        }
    }

    private static async Task<(double Median, double P90)> TimeAsync(Func<Task<int>> body, int repeat, int warmup)
    {
        for (var i = 0; i < warmup; i++)
        {
            await body();
        }

        var times = new List<double>();
        for (var i = 0; i < repeat; i++)
        {
            var watch = Stopwatch.StartNew();
            await body();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return (times[times.Count / 2], times[Math.Min(times.Count - 1, (int)Math.Ceiling(times.Count * 0.9) - 1)]);
    }

    private static string ModelName(int i) => "model-" + i.ToString("D6", Invariant);

    /// <summary>Writes the rows straight into the store's tables (after the store made its schema), in one transaction.</summary>
    private static async Task SeedAsync(DbConnection connection, int models, int versions, bool postgres)
    {
        var perModel = Math.Max(1, versions / models);
        var hash = new string('a', 64);
        var files = $"[{{\"path\":\"model.zip\",\"hash\":\"{hash}\",\"size\":1000}}]";
        var series = postgres ? "generate_series(1, @n) AS s(i)" : "(WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < @n) SELECT i FROM c) AS s";
        var pad = postgres ? "lpad(s.i::text, 6, '0')" : "substr('000000' || s.i, -6, 6)";
        var modulo = postgres ? "(s.i % 10)::text" : "CAST(s.i % 10 AS TEXT)";
        var statements = new[]
        {
            $"INSERT INTO registered_models (name, description, created_at, updated_at, last_version) SELECT 'model-' || {pad}, 'seeded', 1700000000000 + s.i, 1700000000000 + s.i, {perModel} FROM {series}",
            $"INSERT INTO registered_model_tags (name, key, value) SELECT 'model-' || {pad}, 'team', 'team-' || {modulo} FROM {series}",
            $"INSERT INTO model_versions (name, version, created_at, updated_at, description, source, run_id, status, registered_by, content_hash, files, input_schema, output_schema) SELECT m.name, v.i, 1700000000000 + v.i, 1700000000000 + v.i, NULL, 'outs/model', NULL, 'READY', 'bench', '{hash}', '{files}', NULL, NULL FROM registered_models m CROSS JOIN {series.Replace("@n", "@per", StringComparison.Ordinal).Replace("s(i)", "v(i)", StringComparison.Ordinal).Replace(") AS s", ") AS v", StringComparison.Ordinal)}",
            $"INSERT INTO model_aliases (name, alias, version) SELECT name, 'champion', {perModel} FROM registered_models",
            $"INSERT INTO model_aliases (name, alias, version) SELECT name, 'challenger', {Math.Max(1, perModel - 1)} FROM registered_models",
        };
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var sql in statements)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (var (key, value) in new[] { ("n", models), ("per", perModel) })
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = postgres ? key : "@" + key;
                parameter.Value = (long)value;
                command.Parameters.Add(parameter);
            }

            command.CommandTimeout = 600;
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        await using var analyze = connection.CreateCommand();
        analyze.CommandText = "ANALYZE";
        await analyze.ExecuteNonQueryAsync();
    }

    private static string PostgresUriToConnectionString(string uri)
    {
        var parsed = new Uri(uri);
        var user = Uri.UnescapeDataString(parsed.UserInfo.Split(':')[0]);
        var password = parsed.UserInfo.Contains(':', StringComparison.Ordinal) ? Uri.UnescapeDataString(parsed.UserInfo[(parsed.UserInfo.IndexOf(':', StringComparison.Ordinal) + 1)..]) : "";
        return new NpgsqlConnectionStringBuilder { Host = parsed.Host, Port = parsed.Port, Username = user, Password = password, Database = parsed.AbsolutePath.Trim('/') }.ConnectionString;
    }

    private static Dictionary<string, string> Options(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Usage: --work DIR [--models N] [--versions N] [--repeat N] [--warmup N] [--postgres URI]; bad argument '{args[i]}'.");
            }

            values[args[i][2..]] = args[++i];
        }

        if (!values.ContainsKey("work"))
        {
            throw new ArgumentException("--work DIR is required.");
        }

        return values;
    }
}
