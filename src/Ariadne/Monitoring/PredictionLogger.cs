using System.Diagnostics;
using System.Globalization;
using System.Runtime.ExceptionServices;
using Ariadne.Tracking;

namespace Ariadne.Monitoring;

/// <summary>
/// Logs predictions for monitoring, as <c>ariadne serve</c> does, for a program that predicts by itself. It owns one
/// run in the experiment <c>ariadne-serving</c> (tags <c>ariadne.serving.model</c>, <c>.alias</c>, <c>.instance</c>);
/// <see cref="Log"/> only copies the row into the logger's columns, and a background writer stores the queued rows every
/// flush interval (and at 50,000 rows) as one Arrow IPC file per model version (and per lane that concurrent requests
/// filled, see <see cref="_lanes"/>), recorded as the run's artifact
/// <c>predictions/v{version}/{firstTimeMs:D13}-{seq:D6}.arrow</c> (<see cref="PredictionLogFile"/>). Disposing writes what is left and finishes the run.
/// <code>
/// await using var tracking = TrackingClient.Open();
/// await using var log = await PredictionLogger.StartAsync(tracking, "penguins", version: 3);
/// log.Log(id, new Dictionary&lt;string, object?&gt; { ["Island"] = "Biscoe", ["Body Mass (g)"] = 4200.0 }, "Gentoo", 0.97);
/// </code>
/// A process killed without disposing loses at most the rows of its last flush interval.
/// </summary>
public sealed class PredictionLogger : IAsyncDisposable
{
    /// <summary>The longest wait between two tries while the store cannot be written.</summary>
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The rows queued since the last flush, per lane and model version (each lane guarded by itself). A request copies
    /// its rows into a lane no other request holds, its processor's lane first (<see cref="EnterLane"/>): with one
    /// lane, requests on other threads waited for the copy of the one holding it (and for as long as the scheduler kept
    /// that thread off a core, on a busy machine). A lane with rows becomes a file of its own at the flush; the SDK's
    /// rows fill the first lane, so an unhurried program writes one file a flush.
    /// </summary>
    private readonly Dictionary<int, PredictionLogColumns>[] _lanes =
        [.. Enumerable.Range(0, Math.Clamp(Environment.ProcessorCount, 2, 8)).Select(_ => new Dictionary<int, PredictionLogColumns>())];

    /// <summary>Emptied columns, kept with their arrays for the next rows (guarded by itself).</summary>
    private readonly Stack<PredictionLogColumns> _spare = new();
    private readonly ActiveRun _run;
    private readonly TimeProvider _time;
    private readonly PredictionLoggerOptions _options;
    private readonly SemaphoreSlim _flushGate = new(1, 1);

    /// <summary>
    /// Wakes the writer before its interval is over (rows enough for a file, or long texts). It never spins: a waiting
    /// writer that spun (as a SemaphoreSlim does before it blocks) took a sixth of its CPU from the request threads of a
    /// busy two-core server (docs/benchmarks.md, serving, fifth pass).
    /// </summary>
    private readonly ManualResetEventSlim _wake = new(false, spinCount: 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly object _room = new();

    /// <summary>Writes each flush's Arrow file, with buffers kept from flush to flush (guarded by <see cref="_flushGate"/>).</summary>
    private readonly PredictionLogFile _file = new();

    /// <summary>Files encoded but not stored yet (the store failed): retried first, as they are, under the same path.</summary>
    private readonly List<PendingFile> _unsent = [];
    private readonly Task _flusher;
    private long _sequence;
    private long _rowsLogged;
    private long _filesWritten;
    private long _flushFailures;
    private long _dropped;
    private long _copyTicks;
    private long _writerCpuTicks = ThreadCpuClock.Available ? 0 : -1;

    /// <summary>Copies so far, for sampling their CPU time (<see cref="CopyTime"/>).</summary>
    private int _copies;

    private const int CopySampling = 16;
    private int _queued;
    private int _failuresInARow;
    private int _disposed;
    private bool _closed;
    private bool _reportedOffline;

    /// <summary>Whether a tracking server behind the run is away (its client then spools the writes on disk and sends them in order when it is back).</summary>
    private readonly Func<bool> _offline;

    private PredictionLogger(ActiveRun run, string model, int version, TimeProvider time, PredictionLoggerOptions options, Func<bool> offline)
    {
        _offline = offline;
        _run = run;
        Model = model;
        Version = version;
        _time = time;
        _options = options;
        // The writer has a thread of its own: the store's writes (SQLite, the content cache's files) block, and on a
        // thread-pool thread they would take the threads the request path needs, which on two cores is most of them.
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                FlushLoop();
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "prediction log writer",
        };
        thread.Start();
        _flusher = done.Task;
    }

    /// <summary>The registered model whose predictions are logged.</summary>
    public string Model { get; }

    /// <summary>The model version <see cref="Log"/> records.</summary>
    public int Version { get; }

    /// <summary>The id of the run in <c>ariadne-serving</c> that holds the prediction batches.</summary>
    public string RunId => _run.RunId;

    /// <summary>Rows written to the store so far.</summary>
    public long RowsLogged => Interlocked.Read(ref _rowsLogged);

    /// <summary>Rows logged but not written yet (queued or waiting for a retry).</summary>
    public int QueueLength => Volatile.Read(ref _queued);

    /// <summary>Batch files written so far.</summary>
    public long FilesWritten => Interlocked.Read(ref _filesWritten);

    /// <summary>Flushes that failed (the rows were kept and written by a later flush).</summary>
    public long FlushFailures => Interlocked.Read(ref _flushFailures);

    /// <summary>Rows the serving host could not queue because the queue was full (the store was away too long).</summary>
    internal long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>
    /// CPU time the logging threads spent copying rows into the log's columns (on the request path in a server, where
    /// it is a share of every request's work): estimated from every 16th copy's thread CPU time on Linux, the
    /// wall-clock time of every copy elsewhere.
    /// </summary>
    internal TimeSpan CopyTime => TimeSpan.FromTicks(Interlocked.Read(ref _copyTicks));

    /// <summary>CPU time the background writer thread used so far (encoding the Arrow files, handing them to the store); null where the platform does not tell.</summary>
    internal TimeSpan? WriterCpuTime => Interlocked.Read(ref _writerCpuTicks) is >= 0 and var ticks ? TimeSpan.FromTicks(ticks) : null;

    /// <summary>Whether the last flush failed (the store cannot be written now; rows are kept and tried again).</summary>
    internal bool Failing => Volatile.Read(ref _failuresInARow) > 0 || _offline();

    /// <summary>
    /// Starts a serving run in <c>ariadne-serving</c> on <paramref name="tracking"/>'s store, named <c>serve NAME@ALIAS</c>
    /// or <c>serve NAME vV</c>, and the background writer.
    /// </summary>
    public static async Task<PredictionLogger> StartAsync(TrackingClient tracking, string model, int version, PredictionLoggerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tracking);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        options ??= new PredictionLoggerOptions();
        if (options.FlushInterval <= TimeSpan.Zero)
        {
            throw AriadneException.InvalidArgument($"The flush interval must be positive, not {options.FlushInterval}. Use, for example, one second.");
        }

        var tags = new Dictionary<string, string>
        {
            [PredictionLogKeys.ModelTag] = model,
            [PredictionLogKeys.InstanceTag] = options.Instance ?? string.Create(CultureInfo.InvariantCulture, $"pid {Environment.ProcessId}"),
        };
        if (options.Alias is not null)
        {
            tags[PredictionLogKeys.AliasTag] = options.Alias;
        }

        var name = options.Alias is not null ? $"serve {model}@{options.Alias}" : string.Create(CultureInfo.InvariantCulture, $"serve {model} v{version}");
        var run = await tracking.StartNewRunAsync(PredictionLogKeys.Experiment, name, null, tags, cancellationToken).ConfigureAwait(false);
        if (!run.CanStoreArtifacts)
        {
            await run.EndAsync(RunStatus.Failed, cancellationToken).ConfigureAwait(false);
            throw AriadneException.InvalidArgument("Predictions are stored as artifacts, and this tracking client has neither a workspace cache nor a tracking server. Open it inside a folder where 'ariadne init' ran, or log to a server (ARIADNE_TRACKING_URI=http://...).");
        }

        var offline = tracking.Store is Ariadne.Tracking.Http.HttpTrackingStore http ? () => http.IsOffline : (Func<bool>)(() => false);
        return new PredictionLogger(run, model, version, tracking.Time, options, offline);
    }

    /// <summary>
    /// Queues one predicted row of <see cref="Version"/>: its id (labels join on it), its inputs by feature name (numbers,
    /// text, booleans or null), the prediction (a label as string for classifiers, a number for regressors) and, for
    /// classifiers, the probability or score of the predicted class and, when known, of every class by label
    /// (<paramref name="classScores"/>, logged as <c>score.{class}</c>: the monitor's multiclass AUC needs them). Returns
    /// at once unless the queue is full.
    /// </summary>
    public void Log(string id, IReadOnlyDictionary<string, object?> inputs, object prediction, double? score = null, IReadOnlyDictionary<string, double>? classScores = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(prediction);
        var row = new PredictionLogRow(id, _time.GetUtcNow().ToUnixTimeMilliseconds(), Version, inputs, prediction is string or double ? prediction : Normalize(prediction), score, classScores);
        ThrowIfDisposed();
        lock (_room)
        {
            // The SDK waits for room: a program that logs faster than the store takes must slow down, not lose rows.
            while (Volatile.Read(ref _queued) >= Math.Max(1, _options.Capacity) && Volatile.Read(ref _disposed) == 0)
            {
                _wake.Set();
                Monitor.Wait(_room, TimeSpan.FromMilliseconds(100));
            }
        }

        Add(row, byProcessor: false);
    }

    /// <summary>
    /// Queues the rows of one request (the serving host; the rows are copied into the log's columns now). Returns
    /// false, without waiting, when the queue is full because the store has not taken rows for a long time: serving goes
    /// on answering, and the rows are counted as dropped.
    /// </summary>
    internal bool TryEnqueue(PredictionLogBatch batch)
    {
        ThrowIfDisposed();
        if (Volatile.Read(ref _queued) + batch.Count > Math.Max(1, _options.Capacity))
        {
            Interlocked.Add(ref _dropped, batch.Count);
            return false;
        }

        Add(batch, byProcessor: true);
        return true;
    }

    private void Add(PredictionLogBatch batch, bool byProcessor)
    {
        bool longTexts;
        var lane = EnterLane(byProcessor);
        try
        {
            if (_closed)
            {
                throw new ObjectDisposedException(nameof(PredictionLogger), "The prediction logger was disposed; nothing more can be logged.");
            }

            if (!lane.TryGetValue(batch.ModelVersion, out var columns))
            {
                lock (_spare)
                {
                    columns = _spare.Count > 0 ? _spare.Pop() : new PredictionLogColumns();
                }

                columns.Reset(batch.ModelVersion);
                lane[batch.ModelVersion] = columns;
            }

            var textBefore = columns.TextLength;
            // Every 16th copy is timed by its thread's CPU clock (a system call of about 0.3 µs, too much for
            // every one-row request) and counted 16 times: an estimate of the copies' CPU that a busy machine's
            // preemptions do not inflate, as wall-clock time would. Without that clock, every copy's wall-clock time.
            if (!ThreadCpuClock.Available)
            {
                var started = Stopwatch.GetTimestamp();
                columns.Append(batch);
                Interlocked.Add(ref _copyTicks, Stopwatch.GetElapsedTime(started).Ticks);
            }
            else if ((Interlocked.Increment(ref _copies) & (CopySampling - 1)) == 0 && ThreadCpuClock.Current() is { } before)
            {
                columns.Append(batch);
                Interlocked.Add(ref _copyTicks, ((ThreadCpuClock.Current() ?? before) - before).Ticks * CopySampling);
            }
            else
            {
                columns.Append(batch);
            }
            longTexts = textBefore < PredictionLogColumns.EarlyFlushChars && columns.TextLength >= PredictionLogColumns.EarlyFlushChars;
        }
        finally
        {
            Monitor.Exit(lane);
        }

        var queued = Interlocked.Add(ref _queued, batch.Count);

        var every = Math.Max(1, _options.FlushRows);
        if (longTexts || queued / every != (queued - batch.Count) / every)
        {
            _wake.Set();
        }
    }

    /// <summary>
    /// Locks the first lane no one holds, or waits for one (chosen by thread, so waiters spread) when all are held.
    /// The server's requests (<paramref name="byProcessor"/>) look first at the lane of the processor they run on: that
    /// lane's columns then stay in that core's cache instead of moving between cores with every request (a one-row
    /// request's copy cost 3.1 to 3.4 µs of CPU first-free, 2.4 to 2.7 µs this way; docs/benchmarks.md). The SDK's
    /// rows fill the first lane, so an unhurried program writes one file a flush.
    /// </summary>
    private Dictionary<int, PredictionLogColumns> EnterLane(bool byProcessor)
    {
        // The processor id is a hint (any int): taken modulo as unsigned, it always names a lane.
        var first = byProcessor ? (int)((uint)Thread.GetCurrentProcessorId() % (uint)_lanes.Length) : 0;
        for (var i = 0; i < _lanes.Length; i++)
        {
            var lane = _lanes[(first + i) % _lanes.Length];
            if (Monitor.TryEnter(lane))
            {
                return lane;
            }
        }

        var chosen = _lanes[Environment.CurrentManagedThreadId % _lanes.Length];
        Monitor.Enter(chosen);
        return chosen;
    }

    private void ThrowIfDisposed()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(nameof(PredictionLogger), "The prediction logger was disposed; nothing more can be logged.");
        }
    }

    /// <summary>Writes every queued row now.</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default) => FlushOnceAsync(throwOnError: true, cancellationToken);

    /// <summary>Writes what is queued and finishes the run.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _flusher.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        foreach (var lane in _lanes)
        {
            lock (lane)
            {
                // A Log that passed its check before the dispose began has added its rows by now; later ones throw.
                _closed = true;
            }
        }

        var status = RunStatus.Finished;
        try
        {
            await FlushOnceAsync(throwOnError: true, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AriadneException or IOException or HttpRequestException)
        {
            (_options.Errors ?? Console.Error).WriteLine($"Could not write the last {QueueLength} predictions of {Model}: {e.Message}");
            status = RunStatus.Failed;
        }

        try
        {
            await _run.EndAsync(status).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AriadneException or IOException or HttpRequestException)
        {
            (_options.Errors ?? Console.Error).WriteLine($"Could not finish the serving run {RunId} of {Model}: {e.Message}");
        }

        lock (_room)
        {
            Monitor.PulseAll(_room);
        }

        _stop.Dispose();
        _flushGate.Dispose();
        _file.Dispose();
        _wake.Dispose();
    }

    private void FlushLoop()
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            // While the store fails, wait longer between tries (up to 10 s), so a store that is away costs little.
            var failures = Volatile.Read(ref _failuresInARow);
            var wait = failures == 0 ? _options.FlushInterval
                : TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, _options.FlushInterval.Ticks << Math.Min(failures, 10)));
            try
            {
                _wake.Wait(wait, token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            // Reset before the lanes are taken: a wake-up that comes after is for rows this flush may miss, and stays set.
            _wake.Reset();
            var flush = FlushOnceAsync(throwOnError: false, CancellationToken.None);
            if (!flush.IsCompleted)
            {
                // Blocks without spinning while the store writes (GetResult on an unfinished task spins first).
                ((IAsyncResult)flush).AsyncWaitHandle.WaitOne();
            }

            flush.GetAwaiter().GetResult();
            if (ThreadCpuClock.Current() is { } cpu)
            {
                Interlocked.Exchange(ref _writerCpuTicks, cpu.Ticks);
            }
        }
    }

    private async Task FlushOnceAsync(bool throwOnError, CancellationToken cancellationToken)
    {
        await _flushGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Files a failed flush encoded go first, unchanged and under the same artifact path: the store records an
            // artifact path once per run, so a retry after a store that took the file but failed to answer logs nothing twice.
            while (_unsent.Count > 0)
            {
                await StoreAsync(_unsent[0], cancellationToken).ConfigureAwait(false);
                _unsent.RemoveAt(0);
            }

            var taken = new List<PredictionLogColumns>();
            foreach (var lane in _lanes)
            {
                lock (lane)
                {
                    taken.AddRange(lane.Values);
                    lane.Clear();
                }
            }

            // Each file is stored as soon as it is encoded, from the writer's buffer. Once one fails, it and the files
            // after it are copied out and kept, in order, for the next flush.
            ExceptionDispatchInfo? failed = null;
            foreach (var columns in taken.OrderBy(c => c.Version))
            {
                var rows = columns.Count;
                var bytes = await _file.WriteAsync(columns, cancellationToken).ConfigureAwait(false);
                _sequence++;
                var file = new PendingFile(PredictionLogFile.ArtifactPath(columns.Version, columns.FirstTimeMs, _sequence), bytes, rows, _sequence);
                lock (_spare)
                {
                    _spare.Push(columns);
                }

                if (failed is null)
                {
                    try
                    {
                        await StoreAsync(file, cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                    catch (Exception e)
                    {
                        failed = ExceptionDispatchInfo.Capture(e);
                    }
                }

                _unsent.Add(file with { Bytes = bytes.ToArray() });
            }

            failed?.Throw();

            if (Interlocked.Exchange(ref _failuresInARow, 0) > 0)
            {
                (_options.Errors ?? Console.Error).WriteLine($"The prediction log of {Model} is written again; every kept prediction is stored.");
            }

            var offline = _offline();
            if (offline != _reportedOffline)
            {
                _reportedOffline = offline;
                (_options.Errors ?? Console.Error).WriteLine(offline
                    ? $"The tracking server cannot be reached: the prediction log of {Model} is spooled on this machine (on disk, sent in order when the server is back; serving goes on)."
                    : $"The tracking server is back: the prediction log of {Model} is written again (the spooled predictions are sent first).");
            }
        }
        catch (Exception e) when (!throwOnError && e is AriadneException or IOException or HttpRequestException or TaskCanceledException)
        {
            Interlocked.Increment(ref _flushFailures);
            Interlocked.Increment(ref _failuresInARow);
            (_options.Errors ?? Console.Error).WriteLine($"Could not write {QueueLength} predictions of {Model} to the tracking store (kept in memory and tried again; serving goes on): {e.Message}");
        }
        finally
        {
            _flushGate.Release();
        }
    }

    private async Task StoreAsync(PendingFile file, CancellationToken cancellationToken)
    {
        await _run.LogBytesAsync(file.Bytes, file.Path, cancellationToken).ConfigureAwait(false);
        // Stored: from here on the file counts once, whatever becomes of the heartbeat below.
        Interlocked.Add(ref _rowsLogged, file.Rows);
        Interlocked.Add(ref _queued, -file.Rows);
        Interlocked.Increment(ref _filesWritten);
        lock (_room)
        {
            Monitor.PulseAll(_room);
        }

        // Also the run's heartbeat: a serving run that logs is alive. Written straight to the store, not through the
        // run's metric buffer, whose writer stops for good at its first failure: after a full disk every heartbeat then
        // failed, the stored file was sent round again and counted again, and the log never recovered. A heartbeat
        // that fails is reported and skipped; the next file's carries the count.
        try
        {
            var metric = new Metric(PredictionLogKeys.RowsLoggedMetric, RowsLogged, _time.GetUtcNow().ToUnixTimeMilliseconds(), file.Sequence);
            await _run.Store.LogBatchAsync(_run.RunId, [metric], [], [], cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AriadneException or IOException or HttpRequestException)
        {
            (_options.Errors ?? Console.Error).WriteLine($"Could not record the prediction log's heartbeat ({PredictionLogKeys.RowsLoggedMetric}) of {Model}; its file is stored: {e.Message}");
        }
    }

    private static object Normalize(object prediction) => prediction switch
    {
        float or int or long or decimal or short or uint => Convert.ToDouble(prediction, CultureInfo.InvariantCulture),
        _ => Convert.ToString(prediction, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>An encoded file: its bytes are the writer's buffer until the file is kept for a retry, then a copy of their own.</summary>
    private sealed record PendingFile(string Path, ReadOnlyMemory<byte> Bytes, int Rows, long Sequence);
}
