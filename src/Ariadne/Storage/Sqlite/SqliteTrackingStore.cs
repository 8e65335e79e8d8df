using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Ariadne.Tracking;
using Microsoft.Data.Sqlite;

namespace Ariadne.Storage.Sqlite;

/// <summary>
/// The embedded tracking store: one SQLite file in WAL mode that many threads and processes use at once. Writes are
/// BEGIN IMMEDIATE transactions (all or nothing), serialized within the process by a gate and across processes by
/// SQLite's lock with a busy timeout plus retries, so concurrent writers wait rather than fail with "database is
/// locked". Reads are snapshot transactions that never wait for writers. Times come from the injected
/// <see cref="TimeProvider"/>.
/// </summary>
internal sealed partial class SqliteTrackingStore : ITrackingStore, IDatasetRegistry, IMetricDownsampling
{
    /// <summary>How long a writer keeps retrying while other processes hold the database, before giving up.</summary>
    private static readonly TimeSpan BusyLimit = TimeSpan.FromMinutes(2);

    private readonly SqliteSessionPool _pool;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
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
            store.Read(session =>
            {
                SqliteSchema.Migrate(session, store.Now, store.Describe);
                return 0;
            }, transaction: false);
            store._opened = true;
            store.ImportLegacyHoldoutLedger();
            return store;
        }
        catch
        {
            store._pool.Dispose();
            throw;
        }
    }

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private string Describe => $"'{_path}'";

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _pool.Dispose();
            _writeGate.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    // ------------------------------------------------------------------ transactions

    /// <summary>Runs <paramref name="work"/> in a read (snapshot) transaction, on the calling thread, as a completed task.</summary>
    private Task<T> ReadAsync<T>(Func<SqliteSession, T> work, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        try
        {
            return Task.FromResult(Read(work, transaction: true));
        }
        catch (Exception e)
        {
            return Task.FromException<T>(e);
        }
    }

    private T Read<T>(Func<SqliteSession, T> work, bool transaction)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        CheckFileStillThere();
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 0; ; attempt++)
        {
            var session = _pool.Rent();
            try
            {
                if (transaction)
                {
                    session.Begin(write: false);
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

            Thread.Sleep(Backoff(attempt));
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a BEGIN IMMEDIATE transaction: committed when it returns, rolled back when it
    /// throws. Retried from the start while another process holds the database.
    /// </summary>
    private async Task<T> WriteAsync<T>(Func<SqliteSession, T> work, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            CheckFileStillThere();
            var started = Stopwatch.GetTimestamp();
            for (var attempt = 0; ; attempt++)
            {
                var session = _pool.Rent();
                try
                {
                    session.Begin(write: true);
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
        finally
        {
            _writeGate.Release();
        }
    }

    private Task WriteAsync(Action<SqliteSession> work, CancellationToken cancellationToken) =>
        WriteAsync(session =>
        {
            work(session);
            return true;
        }, cancellationToken);

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
        return stage is null ? throw AriadneException.RunNotFound(runId) : ParseStage(stage);
    }

    private static void RequireActiveRun(SqliteSession session, string runId)
    {
        if (RunStage(session, runId) == LifecycleStage.Deleted)
        {
            throw AriadneException.InvalidArgument($"Run {runId} is deleted, so it cannot change. Restore it first with 'ariadne runs restore {runId}'.");
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

    private static string StageText(LifecycleStage stage) => stage == LifecycleStage.Deleted ? "deleted" : "active";

    private static LifecycleStage ParseStage(string text) => text == "deleted" ? LifecycleStage.Deleted : LifecycleStage.Active;

    private static string StatusText(RunStatus status) => status switch
    {
        RunStatus.Running => "RUNNING",
        RunStatus.Scheduled => "SCHEDULED",
        RunStatus.Finished => "FINISHED",
        RunStatus.Failed => "FAILED",
        RunStatus.Killed => "KILLED",
        _ => throw AriadneException.InvalidArgument($"Unknown run status {(int)status}."),
    };

    private static RunStatus ParseStatus(string text) => text switch
    {
        "RUNNING" => RunStatus.Running,
        "SCHEDULED" => RunStatus.Scheduled,
        "FINISHED" => RunStatus.Finished,
        "FAILED" => RunStatus.Failed,
        _ => RunStatus.Killed,
    };
}
