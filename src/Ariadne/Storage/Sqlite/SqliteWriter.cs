using System.Threading.Channels;

namespace Ariadne.Storage.Sqlite;

/// <summary>
/// The one thread that runs every write of a <see cref="SqliteTrackingStore"/>, in the order they were queued. SQLite
/// takes one writer at a time anyway; doing the writing on a thread of its own means that waiting for the file's write
/// lock (SQLite's busy timeout and Microsoft.Data.Sqlite's retries both sleep the thread they run on) never holds a
/// server's request threads: callers await the write's task. The queue is bounded: when <see cref="Capacity"/> writes
/// wait, the next caller awaits a place, so a flood of writers slows down instead of growing memory.
/// </summary>
internal sealed class SqliteWriter : IDisposable
{
    /// <summary>How many writes may wait for the writer before callers wait for a place in the queue.</summary>
    public const int Capacity = 1024;

    private readonly Channel<Item> _queue = Channel.CreateBounded<Item>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly Thread _thread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();

    public SqliteWriter(string name)
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = "ariadne-sqlite-writer " + name };
        _thread.Start();
    }

    /// <summary>Signalled when the store is closing: a writer waiting to retry wakes up at once.</summary>
    public WaitHandle Stopping => _stopping.Token.WaitHandle;

    /// <summary>
    /// Queues <paramref name="work"/> and completes with its result once the writer thread ran it. Cancelled before
    /// it starts, it does not run; once started it runs to the end (a transaction is never left half done).
    /// </summary>
    public async Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        var item = new Item<T>(work, cancellationToken);
        try
        {
            await _queue.Writer.WriteAsync(item, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(SqliteTrackingStore), "The tracking store was closed while a write waited for it.");
        }

        return await item.Result.ConfigureAwait(false);
    }

    /// <summary>Takes no more writes, lets the queued ones finish, and returns when the thread has ended.</summary>
    public Task StopAsync()
    {
        if (_queue.Writer.TryComplete())
        {
            _stopping.Cancel();
        }

        return _stopped.Task;
    }

    public void Dispose()
    {
        StopAsync().GetAwaiter().GetResult();
        _stopping.Dispose();
    }

    private void Loop()
    {
        try
        {
            // The dedicated thread blocks here between writes; no request thread ever does.
            while (_queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                while (_queue.Reader.TryRead(out var item))
                {
                    item.Run();
                }
            }
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    private abstract class Item
    {
        public abstract void Run();
    }

    private sealed class Item<T>(Func<T> work, CancellationToken cancellationToken) : Item
    {
        private readonly TaskCompletionSource<T> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<T> Result => _result.Task;

        public override void Run()
        {
            if (cancellationToken.IsCancellationRequested)
            {
                _result.TrySetCanceled(cancellationToken);
                return;
            }

            try
            {
                _result.TrySetResult(work());
            }
            catch (Exception e)
            {
                _result.TrySetException(e);
            }
        }
    }
}
