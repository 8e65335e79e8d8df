using Microsoft.Data.Sqlite;

namespace Ariadne.Storage.Sqlite;

/// <summary>
/// One open connection of a <see cref="SqliteSessionPool"/>, configured for concurrent use of the file (WAL,
/// synchronous=NORMAL, busy timeout), with its prepared commands kept for reuse and at most one transaction.
/// Not thread-safe: one operation uses a session at a time.
/// </summary>
internal sealed class SqliteSession : IDisposable
{
    /// <summary>How long SQLite itself waits for another connection's lock before reporting SQLITE_BUSY.</summary>
    public const int BusyTimeoutMilliseconds = 30_000;

    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    private SqliteSession(SqliteConnection connection) => Connection = connection;

    public SqliteConnection Connection { get; }

    public SqliteTransaction? Transaction { get; private set; }

    /// <summary>False after an error left the connection in an unknown state: the pool closes it instead of reusing it.</summary>
    public bool Reusable { get; private set; } = true;

    public static SqliteSession Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            using (var pragmas = connection.CreateCommand())
            {
                pragmas.CommandText =
                    $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY; " +
                    "PRAGMA cache_size = -32768; PRAGMA mmap_size = 268435456; PRAGMA foreign_keys = OFF;";
                pragmas.ExecuteNonQuery();
            }

            return new SqliteSession(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Starts a transaction: BEGIN IMMEDIATE for writes (takes the write lock up front), BEGIN for reads (a snapshot).</summary>
    public void Begin(bool write) => Transaction = Connection.BeginTransaction(deferred: !write);

    public void Commit()
    {
        Transaction!.Commit();
        EndTransaction();
    }

    /// <summary>Rolls back the open transaction, if any; a failed rollback marks the session not reusable.</summary>
    public void Rollback()
    {
        if (Transaction is null)
        {
            return;
        }

        try
        {
            Transaction.Rollback();
        }
        catch (SqliteException)
        {
            Reusable = false;
        }
        catch (InvalidOperationException)
        {
            Reusable = false;
        }

        EndTransaction();
    }

    /// <summary>The prepared command for <paramref name="sql"/>, its parameters set to <paramref name="parameters"/>.</summary>
    public SqliteCommand Command(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            command.CommandTimeout = BusyTimeoutMilliseconds / 1000;
            _commands[sql] = command;
        }

        command.Transaction = Transaction;
        command.Parameters.Clear();
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    public int Execute(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters) =>
        Command(sql, parameters).ExecuteNonQuery();

    public object? Scalar(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var value = Command(sql, parameters).ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public SqliteDataReader Query(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters) =>
        Command(sql, parameters).ExecuteReader();

    public void MarkBroken() => Reusable = false;

    public void Dispose()
    {
        Rollback();
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
        Connection.Dispose();
    }

    private void EndTransaction()
    {
        Transaction?.Dispose();
        Transaction = null;
    }
}
