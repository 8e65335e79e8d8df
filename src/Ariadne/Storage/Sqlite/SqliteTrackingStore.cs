using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Ariadne.Tracking;
using Microsoft.Data.Sqlite;

namespace Ariadne.Storage.Sqlite;

/// <summary>
/// The embedded tracking store: one SQLite file in WAL mode that many threads and processes use at once. Writes are
/// BEGIN IMMEDIATE transactions (all or nothing) run in order by the store's one writer thread
/// (<see cref="SqliteWriter"/>): callers await them, so waiting for another process's lock (SQLite's busy timeout,
/// then retries with backoff) never blocks a caller's thread. Reads are snapshot transactions on the caller's thread
/// that never wait for writers; the rare busy read is retried after an awaited delay. Times come from the injected
/// <see cref="TimeProvider"/>.
/// </summary>
internal sealed partial class SqliteTrackingStore : ITrackingStore
{
    /// <summary>How long a write or read keeps retrying while other processes hold the database, before giving up.</summary>
    private static readonly TimeSpan BusyLimit = TimeSpan.FromMinutes(2);

    private readonly SqliteSessionPool _pool;
    private readonly SqliteWriter _writer;
    private readonly TimeProvider _time;
    private readonly string _path;
    private int _disposed;

    /// <summary>Set once the file exists and is migrated; from then on it must stay where it is.</summary>
    private bool _opened;

    private SqliteTrackingStore(string path, SqliteSessionPool pool, TimeProvider time)
    {
        _path = path;
        _pool = pool;
        _time = time;
        _writer = new SqliteWriter(Path.GetFileName(path));
    }

    /// <summary>Opens the file (creating it and its folder when needed) and migrates it to the current schema.</summary>
    public static SqliteTrackingStore Open(string path, TimeProvider time)
    {
        var folder = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = SqliteSession.BusyTimeoutMilliseconds / 1000,
        }.ToString();
        var store = new SqliteTrackingStore(path, new SqliteSessionPool(connectionString), time);
        try
        {
            // On the writer thread like every write; opening is synchronous, so the caller waits for it here.
            store._writer.RunAsync(() => store.Write(session =>
            {
                SqliteSchema.Migrate(session, store.Now, store.Describe);
                return 0;
            }, transaction: false), CancellationToken.None).GetAwaiter().GetResult();
            store._opened = true;
            store.ImportLegacyHoldoutLedger();
            return store;
        }
        catch
        {
            store._writer.Dispose();
            store._pool.Dispose();
            throw;
        }
    }

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private string Describe => $"'{_path}'";

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _writer.StopAsync().ConfigureAwait(false);
            _writer.Dispose();
            _pool.Dispose();
        }
    }

    // ------------------------------------------------------------------ transactions

    /// <summary>
    /// Runs <paramref name="work"/> in a read (snapshot) transaction on the calling thread. WAL readers do not wait for
    /// writers; when the file is busy all the same (another process recovering it), the retry waits asynchronously.
    /// </summary>
    private async Task<T> ReadAsync<T>(Func<SqliteSession, T> work, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        CheckFileStillThere();
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 0; ; attempt++)
        {
            var session = _pool.Rent();
            try
            {
                session.Begin(write: false);
                var result = work(session);
                session.Commit();
                return result;
            }
            catch (SqliteException e) when (IsBusy(e) && Stopwatch.GetElapsedTime(started) < BusyLimit)
            {
                session.Rollback();
            }
            catch (SqliteException e)
            {
                session.MarkBroken();
                throw Failure(e, started);
            }
            finally
            {
                _pool.Return(session);
            }

            await Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the writer thread in a BEGIN IMMEDIATE transaction: committed when it returns,
    /// rolled back when it throws. Cancelled while it waits in the queue, it does not run.
    /// </summary>
    private Task<T> WriteAsync<T>(Func<SqliteSession, T> work, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return _writer.RunAsync(() => Write(work, transaction: true), cancellationToken);
    }

    private Task WriteAsync(Action<SqliteSession> work, CancellationToken cancellationToken) =>
        WriteAsync(session =>
        {
            work(session);
            return true;
        }, cancellationToken);

    /// <summary>
    /// On the writer thread only: runs <paramref name="work"/> (in a write transaction when <paramref name="transaction"/>),
    /// retried from the start while another process holds the database, for up to <see cref="BusyLimit"/>.
    /// </summary>
    private T Write<T>(Func<SqliteSession, T> work, bool transaction)
    {
        CheckFileStillThere();
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 0; ; attempt++)
        {
            var session = _pool.Rent();
            try
            {
                if (transaction)
                {
                    session.Begin(write: true);
                }

                var result = work(session);
                if (transaction)
                {
                    session.Commit();
                }

                return result;
            }
            catch (SqliteException e) when (IsBusy(e) && Stopwatch.GetElapsedTime(started) < BusyLimit)
            {
                session.Rollback();
            }
            catch (SqliteException e)
            {
                session.MarkBroken();
                throw Failure(e, started);
            }
            finally
            {
                _pool.Return(session);
            }

            // The writer thread is the one that waits for the other process; closing the store wakes it.
            if (_writer.Stopping.WaitOne(Backoff(attempt)))
            {
                throw AriadneException.StoreFailure(Describe, "the store was closed while another process held the database locked, so this write was not made. Check for a stuck ariadne or training process using it");
            }
        }
    }

    /// <summary>
    /// Open connections keep writing into a database file that was deleted or moved away, and all of it is lost at the
    /// next start: refuse instead, loudly.
    /// </summary>
    private void CheckFileStillThere()
    {
        if (_opened && !File.Exists(_path))
        {
            throw AriadneException.StoreFailure(Describe,
                "the database file was deleted or moved while the store was open, so anything written now would be lost. Put the file back, or restart the server to start a new store");
        }
    }

    private static bool IsBusy(SqliteException e) => e.SqliteErrorCode is 5 or 6; // SQLITE_BUSY, SQLITE_LOCKED

    private static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(Math.Min(250, 2 << Math.Min(attempt, 7)) * (0.5 + Random.Shared.NextDouble()));

    private AriadneException Failure(SqliteException e, long started) => IsBusy(e)
        ? AriadneException.StoreFailure(Describe, $"another process kept the database locked for {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s. Check for a stuck ariadne or training process using it", e)
        : AriadneException.StoreFailure(Describe, SqliteFailure.What(e), e);


    // ------------------------------------------------------------------ shared reads

    private static LifecycleStage RunStage(SqliteSession session, string runId)
    {
        var stage = session.Scalar("SELECT lifecycle_stage FROM runs WHERE run_id = @run", ("@run", runId)) as string;
        return stage is null ? throw AriadneException.RunNotFound(runId) : StoredNames.ParseStage(stage);
    }

    private static void RequireActiveRun(SqliteSession session, string runId)
    {
        if (RunStage(session, runId) == LifecycleStage.Deleted)
        {
            throw AriadneException.RunDeleted(runId);
        }
    }

    private static void CheckRunIdArgument(string runId) => ArgumentNullException.ThrowIfNull(runId);

    private static string JsonArray(IEnumerable<string> values)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
