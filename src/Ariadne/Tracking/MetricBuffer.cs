namespace Ariadne.Tracking;

/// <summary>
/// Collects metric points from the training loop and writes them to the store in the background, in large batches,
/// at least once a second and on disposal. Logging a point costs a lock and a list append; the loop never waits
/// for the database unless more than <see cref="MaxPending"/> points are waiting (then it waits for a flush instead
/// of growing without bound).
/// </summary>
internal sealed class MetricBuffer : IAsyncDisposable
{
    public const int MaxPending = 2_000_000;
    private const int FlushThreshold = 100_000;

    private readonly ITrackingStore _store;
    private readonly string _runId;
    private readonly TimeSpan _interval;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private List<Metric> _pending = new(1024);
    private Exception? _failure;
    private TaskCompletionSource _flushed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public MetricBuffer(ITrackingStore store, string runId, TimeSpan interval)
    {
        _store = store;
        _runId = runId;
        _interval = interval;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Called after every successful write, e.g. to refresh the run's heartbeat.</summary>
    public Func<CancellationToken, Task>? AfterFlush { get; init; }

    public void Add(Metric metric)
    {
        ThrowIfFailed();
        Task? wait = null;
        lock (_gate)
        {
            _pending.Add(metric);
            if (_pending.Count == FlushThreshold)
            {
                _wake.Release();
            }

            if (_pending.Count >= MaxPending)
            {
                wait = _flushed.Task;
            }
        }

        wait?.Wait();
    }

    /// <summary>Writes everything logged so far.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfFailed();
        await WriteAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _wake.Release();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        await WriteAsync(CancellationToken.None).ConfigureAwait(false);
        _stop.Dispose();
        _wake.Dispose();
        _writer.Dispose();
        ThrowIfFailed();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(_interval, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                // A write, once begun, runs to the end: stopping must never drop a batch taken from the buffer.
                await WriteAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // Kept and rethrown on the training thread at the next log call, so it is never lost silently.
                _failure = e;
                return;
            }
        }
    }

    private async Task WriteAsync(CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        TaskCompletionSource? flushed = null;
        try
        {
            List<Metric> batch;
            lock (_gate)
            {
                batch = _pending;
                _pending = new List<Metric>(Math.Min(Math.Max(1024, batch.Count), FlushThreshold));
                flushed = _flushed;
                _flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            try
            {
                if (batch.Count > 0)
                {
                    await _store.LogBatchAsync(_runId, batch, [], [], cancellationToken).ConfigureAwait(false);
                }
            }
            catch
            {
                // Not written: put the points back in front of newer ones, so a later flush writes them in order.
                lock (_gate)
                {
                    batch.AddRange(_pending);
                    _pending = batch;
                }

                throw;
            }

            if (AfterFlush is { } after)
            {
                await after(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            flushed?.TrySetResult();
            _writer.Release();
        }
    }

    private void ThrowIfFailed()
    {
        if (_failure is { } failure)
        {
            throw failure as AriadneException ?? AriadneException.StoreFailure("(metrics)", failure.Message, failure);
        }
    }
}
