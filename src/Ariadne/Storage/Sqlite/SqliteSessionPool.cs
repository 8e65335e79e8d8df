using System.Collections.Concurrent;

namespace Ariadne.Storage.Sqlite;

/// <summary>
/// Open connections of one store, reused across operations (opening and configuring a connection costs more than
/// most queries). Thread-safe; each operation rents a session and returns it.
/// </summary>
internal sealed class SqliteSessionPool(string connectionString) : IDisposable
{
    private const int MaxIdle = 16;

    private readonly ConcurrentBag<SqliteSession> _idle = [];
    private volatile bool _disposed;

    public SqliteSession Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _idle.TryTake(out var session) ? session : SqliteSession.Open(connectionString);
    }

    public void Return(SqliteSession session)
    {
        session.Rollback();
        if (_disposed || !session.Reusable || _idle.Count >= MaxIdle)
        {
            session.Dispose();
            return;
        }

        _idle.Add(session);
        if (_disposed)
        {
            Drain();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        Drain();
    }

    private void Drain()
    {
        while (_idle.TryTake(out var session))
        {
            session.Dispose();
        }
    }
}
