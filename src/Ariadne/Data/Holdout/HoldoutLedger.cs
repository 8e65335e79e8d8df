using Microsoft.Data.Sqlite;

namespace Ariadne.Data.Holdout;

/// <summary>
/// The ledger of sealed-set reads, in SQLite (.ariadne/holdout.db in a workspace). Counting and recording happen in one
/// immediate transaction, so processes racing for the last read of a budget cannot both get it.
/// </summary>
public sealed class HoldoutLedger
{
    private readonly string _connectionString;

    private HoldoutLedger(string path)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 30 }.ToString();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS holdout_access (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                part_blake3 TEXT NOT NULL,
                part TEXT NOT NULL,
                manifest TEXT NOT NULL,
                run_id TEXT,
                model TEXT NOT NULL,
                metric TEXT NOT NULL,
                time_ms INTEGER NOT NULL,
                budget INTEGER NOT NULL,
                override_reason TEXT);
            CREATE INDEX IF NOT EXISTS holdout_access_part ON holdout_access(part_blake3);
            """;
        command.ExecuteNonQuery();
    }

    public string Path { get; }

    /// <summary>The ledger of the workspace around <paramref name="folder"/> (.ariadne/holdout.db), or holdout-ledger.db in that folder outside a workspace.</summary>
    public static HoldoutLedger ForFolder(string folder) => new(PathFor(folder));

    /// <summary>Where the ledger for <paramref name="folder"/> lives (it may not exist yet).</summary>
    public static string PathFor(string folder)
    {
        for (var dir = new DirectoryInfo(System.IO.Path.GetFullPath(folder)); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(System.IO.Path.Combine(dir.FullName, ".ariadne")))
            {
                return System.IO.Path.Combine(dir.FullName, ".ariadne", "holdout.db");
            }
        }

        return System.IO.Path.Combine(System.IO.Path.GetFullPath(folder), "holdout-ledger.db");
    }

    public static HoldoutLedger OpenFile(string path) => new(path);

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=30000;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <summary>
    /// Records a read when the budget allows it, or when <paramref name="overrideReason"/> is given; otherwise throws
    /// <see cref="ErrorCode.HoldoutBudgetExceeded"/> and records nothing.
    /// </summary>
    public HoldoutAccess Record(string partBlake3, string part, string manifest, string? runId, string model, string metric, int budget, string? overrideReason, DateTimeOffset time)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        using var count = connection.CreateCommand();
        count.Transaction = transaction;
        count.CommandText = "SELECT COUNT(*) FROM holdout_access WHERE part_blake3 = $hash";
        count.Parameters.AddWithValue("$hash", partBlake3);
        var used = Convert.ToInt32(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        var reason = string.IsNullOrWhiteSpace(overrideReason) ? null : overrideReason.Trim();
        if (used >= budget && reason is null)
        {
            throw AriadneException.HoldoutBudgetExceeded(part, used, budget);
        }

        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO holdout_access (part_blake3, part, manifest, run_id, model, metric, time_ms, budget, override_reason)
            VALUES ($hash, $part, $manifest, $run, $model, $metric, $time, $budget, $reason) RETURNING id
            """;
        insert.Parameters.AddWithValue("$hash", partBlake3);
        insert.Parameters.AddWithValue("$part", part);
        insert.Parameters.AddWithValue("$manifest", manifest);
        insert.Parameters.AddWithValue("$run", (object?)runId ?? DBNull.Value);
        insert.Parameters.AddWithValue("$model", model);
        insert.Parameters.AddWithValue("$metric", metric);
        insert.Parameters.AddWithValue("$time", time.ToUnixTimeMilliseconds());
        insert.Parameters.AddWithValue("$budget", budget);
        insert.Parameters.AddWithValue("$reason", (object?)reason ?? DBNull.Value);
        var id = Convert.ToInt64(insert.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        transaction.Commit();
        return new HoldoutAccess(id, partBlake3, part, manifest, runId, model, metric, time, budget, reason);
    }

    /// <summary>Every recorded read, oldest first; only those of one part when <paramref name="partBlake3"/> is given.</summary>
    public IReadOnlyList<HoldoutAccess> List(string? partBlake3 = null)
    {
        using var connection = Open();
        using var query = connection.CreateCommand();
        query.CommandText = "SELECT id, part_blake3, part, manifest, run_id, model, metric, time_ms, budget, override_reason FROM holdout_access"
            + (partBlake3 is null ? "" : " WHERE part_blake3 = $hash") + " ORDER BY id";
        if (partBlake3 is not null)
        {
            query.Parameters.AddWithValue("$hash", partBlake3);
        }

        using var reader = query.ExecuteReader();
        var list = new List<HoldoutAccess>();
        while (reader.Read())
        {
            list.Add(new HoldoutAccess(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetString(5), reader.GetString(6), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)), reader.GetInt32(8), reader.IsDBNull(9) ? null : reader.GetString(9)));
        }

        return list;
    }
}
