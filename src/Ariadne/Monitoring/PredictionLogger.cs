using System.Globalization;
using System.Threading.Channels;
using Ariadne.Tracking;

namespace Ariadne.Monitoring;

/// <summary>
/// Logs predictions for monitoring, as <c>ariadne serve</c> does, for a program that predicts by itself. It owns one
/// run in the experiment <c>ariadne-serving</c> (tags <c>ariadne.serving.model</c>, <c>.alias</c>, <c>.instance</c>);
/// <see cref="Log"/> only queues the row, and a background writer stores the queued rows every flush interval (and at
/// 10,000 rows) as one Parquet file per model version, recorded as the run's artifact
/// <c>predictions/v{version}/{firstTimeMs:D13}-{seq:D6}.parquet</c>. Disposing writes what is left and finishes the run.
/// <code>
/// await using var tracking = TrackingClient.Open();
/// await using var log = await PredictionLogger.StartAsync(tracking, "penguins", version: 3);
/// log.Log(id, new Dictionary&lt;string, object?&gt; { ["Island"] = "Biscoe", ["Body Mass (g)"] = 4200.0 }, "Gentoo", 0.97);
/// </code>
/// A process killed without disposing loses at most the rows of its last flush interval.
/// </summary>
public sealed class PredictionLogger : IAsyncDisposable
{
    private readonly Channel<PredictionLogRow> _queue;
    private readonly ActiveRun _run;
    private readonly TimeProvider _time;
    private readonly PredictionLoggerOptions _options;
    private readonly SemaphoreSlim _flushGate = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<PredictionLogRow> _pending = [];
    private readonly Task _flusher;
    private long _sequence;
    private long _rowsLogged;
    private long _filesWritten;
    private long _flushFailures;
    private int _queued;
    private int _disposed;

    private PredictionLogger(ActiveRun run, string model, int version, TimeProvider time, PredictionLoggerOptions options)
    {
        _run = run;
        Model = model;
        Version = version;
        _time = time;
        _options = options;
        _queue = Channel.CreateBounded<PredictionLogRow>(new BoundedChannelOptions(Math.Max(1, options.Capacity))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _flusher = Task.Run(FlushLoopAsync);
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

    /// <summary>Parquet batches written so far.</summary>
    public long FilesWritten => Interlocked.Read(ref _filesWritten);

    /// <summary>Flushes that failed (the rows were kept and written by a later flush).</summary>
    public long FlushFailures => Interlocked.Read(ref _flushFailures);

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

        return new PredictionLogger(run, model, version, tracking.Time, options);
    }

    /// <summary>
    /// Queues one predicted row of <see cref="Version"/>: its id (labels join on it), its inputs by feature name (numbers,
    /// text, booleans or null), the prediction (a label as string for classifiers, a number for regressors) and, for
    /// classifiers, the probability or score of the predicted class. Returns at once unless the queue is full.
    /// </summary>
    public void Log(string id, IReadOnlyDictionary<string, object?> inputs, object prediction, double? score = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(prediction);
        Enqueue(new PredictionLogRow(id, id, _time.GetUtcNow().ToUnixTimeMilliseconds(), Version, inputs, prediction is string or double ? prediction : Normalize(prediction), score));
    }

    /// <summary>Queues a row as it is (the serving host fills in the request id and the version that answered).</summary>
    internal void Enqueue(PredictionLogRow row)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(nameof(PredictionLogger), "The prediction logger was disposed; nothing more can be logged.");
        }

        if (!_queue.Writer.TryWrite(row))
        {
            _queue.Writer.WriteAsync(row).AsTask().GetAwaiter().GetResult();
        }

        if (Interlocked.Increment(ref _queued) % Math.Max(1, _options.FlushRows) == 0)
        {
            _wake.Release();
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

        _queue.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _flusher.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        var status = RunStatus.Finished;
        try
        {
            await FlushOnceAsync(throwOnError: true, CancellationToken.None).ConfigureAwait(false);
        }
        catch (AriadneException e)
        {
            (_options.Errors ?? Console.Error).WriteLine($"Could not write the last {QueueLength} predictions of {Model}: {e.Message}");
            status = RunStatus.Failed;
        }

        await _run.EndAsync(status).ConfigureAwait(false);
        _stop.Dispose();
        _flushGate.Dispose();
        _wake.Dispose();
    }

    private async Task FlushLoopAsync()
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(_options.FlushInterval, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await FlushOnceAsync(throwOnError: false, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task FlushOnceAsync(bool throwOnError, CancellationToken cancellationToken)
    {
        await _flushGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (_queue.Reader.TryRead(out var row))
            {
                _pending.Add(row);
            }

            if (_pending.Count == 0)
            {
                return;
            }

            foreach (var group in _pending.GroupBy(r => r.ModelVersion).ToList())
            {
                var rows = group.ToList();
                var bytes = await PredictionLogFile.WriteAsync(rows, cancellationToken).ConfigureAwait(false);
                var sequence = _sequence + 1;
                await _run.LogBytesAsync(bytes, PredictionLogFile.ArtifactPath(group.Key, rows.Min(r => r.TimeMs), sequence), cancellationToken).ConfigureAwait(false);
                _sequence = sequence;
                _pending.RemoveAll(r => r.ModelVersion == group.Key);
                Interlocked.Add(ref _rowsLogged, rows.Count);
                Interlocked.Add(ref _queued, -rows.Count);
                Interlocked.Increment(ref _filesWritten);
            }

            // Also the run's heartbeat: a serving run that logs is alive.
            _run.LogMetric(PredictionLogKeys.RowsLoggedMetric, RowsLogged, _sequence);
        }
        catch (Exception e) when (!throwOnError && e is AriadneException or IOException or HttpRequestException)
        {
            Interlocked.Increment(ref _flushFailures);
            (_options.Errors ?? Console.Error).WriteLine($"Could not write {_pending.Count} predictions of {Model} (kept, tried again at the next flush): {e.Message}");
        }
        finally
        {
            _flushGate.Release();
        }
    }

    private static object Normalize(object prediction) => prediction switch
    {
        float or int or long or decimal or short or uint => Convert.ToDouble(prediction, CultureInfo.InvariantCulture),
        _ => Convert.ToString(prediction, CultureInfo.InvariantCulture) ?? "",
    };
}
