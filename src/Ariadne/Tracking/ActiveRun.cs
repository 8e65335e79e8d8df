using System.Security.Cryptography;
using Ariadne.Content;
using Ariadne.Workspace;

namespace Ariadne.Tracking;

/// <summary>
/// A run in progress, as training code sees it. Metrics are buffered and written in the background (at least once a
/// second); params, tags, inputs and artifacts are written at once. End it with <see cref="EndAsync"/>; disposing a
/// run that was not ended marks it failed (the usual reason is an exception), so a crash never leaves a run
/// "running". A run attached from a child process (<c>ariadne run</c>) is ended by its parent instead.
/// </summary>
public sealed partial class ActiveRun : IAsyncDisposable
{
    private readonly ITrackingStore _store;
    private readonly DataWorkspace? _workspace;
    private readonly TimeProvider _time;
    private readonly MetricBuffer _metrics;
    private readonly bool _attached;
    private readonly Dictionary<string, long> _nextStep = new(StringComparer.Ordinal);
    private readonly Lock _stepGate = new();
    private readonly ObjectCache? _artifactCache;
    private bool _ended;
    private SystemMetrics.SystemMetricsSampler? _systemMetrics;

    internal ActiveRun(ITrackingStore store, RunInfo info, DataWorkspace? workspace, TimeProvider time, bool attached)
    {
        _store = store;
        Info = info;
        _workspace = workspace;
        _time = time;
        _attached = attached;
        _metrics = new MetricBuffer(store, info.RunId, TimeSpan.FromSeconds(1))
        {
            AfterFlush = attached ? null : Heartbeat,
        };
        _artifactCache = ArtifactCacheFor(store, workspace);
    }

    /// <summary>The run as it was created (id, experiment, name, start time); after <see cref="EndAsync"/>, with its final status and end time.</summary>
    public RunInfo Info { get; private set; }

    /// <summary>The run's id.</summary>
    public string RunId => Info.RunId;

    /// <summary>The id of the run's experiment.</summary>
    public string ExperimentId => Info.ExperimentId;

    /// <summary>The tracking store the run writes to.</summary>
    public ITrackingStore Store => _store;

    /// <summary>The workspace whose cache holds the run's artifacts and inputs, when there is one.</summary>
    internal DataWorkspace? Workspace => _workspace;

    /// <summary>The clock the run's times come from.</summary>
    internal TimeProvider Time => _time;

    /// <summary>True when the run can keep artifacts: it has a workspace cache, or writes to a tracking server (which receives them).</summary>
    public bool CanStoreArtifacts => _artifactCache is not null;

    /// <summary>The content cache this run stores its artifacts in (the workspace's), or null when it cannot store any.</summary>
    internal ObjectCache? ArtifactCacheOrNull => _artifactCache;

    /// <summary>Logs a metric point; without a step, the key's previous step plus one (starting at 0).</summary>
    public void LogMetric(string key, double value, long? step = null, DateTimeOffset? timestamp = null)
    {
        ThrowIfEnded();
        TrackingLimits.CheckKey("metric", key);
        long actualStep;
        lock (_stepGate)
        {
            actualStep = step ?? _nextStep.GetValueOrDefault(key);
            _nextStep[key] = actualStep + 1;
        }

        _metrics.Add(new Metric(key, value, (timestamp ?? _time.GetUtcNow()).ToUnixTimeMilliseconds(), actualStep));
    }

    /// <summary>
    /// Logs a param, its value written in the invariant culture (collections, records and anonymous objects as JSON).
    /// Params are immutable: another value for the same key is an error; null is an <see cref="ArgumentNullException"/>.
    /// </summary>
    public Task LogParamAsync(string key, object value, CancellationToken cancellationToken = default) =>
        LogParamsAsync([new KeyValuePair<string, object>(key, value)], cancellationToken);

    /// <summary>Logs several params in one write; see <see cref="LogParamAsync"/>.</summary>
    public Task LogParamsAsync(IEnumerable<KeyValuePair<string, object>> parameters, CancellationToken cancellationToken = default)
    {
        var list = parameters.Select(p => new Param(p.Key, ParamValues.Format(p.Key, p.Value))).ToList();
        foreach (var p in list)
        {
            TrackingLimits.CheckKey("param", p.Key);
        }

        return _store.LogBatchAsync(RunId, [], list, [], cancellationToken);
    }

    /// <summary>Sets a tag, replacing the value it had.</summary>
    public Task SetTagAsync(string key, string value, CancellationToken cancellationToken = default)
    {
        TrackingLimits.CheckKey("tag", key);
        return _store.LogBatchAsync(RunId, [], [], [new RunTag(key, value)], cancellationToken);
    }

    /// <summary>
    /// A seed for <paramref name="name"/>: the one given, or a fresh random one. Either way it is recorded as the param
    /// <c>seed.&lt;name&gt;</c>, so a rerun can pass the same value.
    /// </summary>
    public async Task<int> SeedAsync(string name, int? seed = null, CancellationToken cancellationToken = default)
    {
        var value = seed ?? RandomNumberGenerator.GetInt32(int.MaxValue);
        await LogParamAsync(TrackingKeys.SeedPrefix + name, value, cancellationToken).ConfigureAwait(false);
        return value;
    }

    /// <summary>A <see cref="Random"/> seeded by <see cref="SeedAsync"/>.</summary>
    public async Task<Random> RandomAsync(string name, int? seed = null, CancellationToken cancellationToken = default) =>
        new(await SeedAsync(name, seed, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Records a dataset the run read, by pointer file or tracked data path (its recorded hash), or by a BLAKE3 hash,
    /// with a role such as train, validation or test. A registered dataset version with that hash is linked by name.
    /// </summary>
    public async Task LogInputAsync(string pointerPathOrHash, string role, CancellationToken cancellationToken = default)
    {
        string hash;
        string? pointerPath = null;
        if (ContentHash.TryParse(pointerPathOrHash, out var parsed))
        {
            hash = parsed.Hex;
        }
        else
        {
            var pointerFile = pointerPathOrHash.EndsWith(PointerFile.Extension, StringComparison.Ordinal)
                ? pointerPathOrHash
                : DataWorkspace.PointerPathFor(Path.TrimEndingDirectorySeparator(pointerPathOrHash));
            if (!File.Exists(pointerFile))
            {
                throw AriadneException.InvalidArgument($"'{pointerPathOrHash}' is neither a BLAKE3 hash nor tracked data (no pointer file '{pointerFile}'). Track it with 'ariadne add' first.");
            }

            hash = PointerFile.Read(pointerFile).Hash.Hex;
            pointerPath = _workspace is null ? pointerFile : _workspace.Relative(Path.GetFullPath(pointerFile));
        }

        string? name = null;
        string? version = null;
        try
        {
            var known = (await _store.ListDatasetVersionsAsync(null, cancellationToken).ConfigureAwait(false)).FirstOrDefault(v => v.Hash == hash);
            name = known?.Name;
            version = known?.Version;
        }
        catch (AriadneException e) when (e.Code == ErrorCode.RemoteUnavailable)
        {
            // A tracking server that is away: the input is recorded by hash (in the spool), without the dataset's name.
        }

        await _store.LogInputsAsync(RunId, [new RunInput(hash, role, pointerPath, name, version)], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stores a file or a folder's files in the workspace cache (copies: the originals stay as they are) and records
    /// them as artifacts under <paramref name="artifactPath"/> (default: the file or folder name).
    /// </summary>
    public async Task LogArtifactAsync(string path, string? artifactPath = null, CancellationToken cancellationToken = default)
    {
        var cache = ArtifactCache;
        var full = Path.GetFullPath(path);
        var root = (artifactPath ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(full))).Replace('\\', '/').Trim('/');
        var artifacts = new List<RunArtifact>();
        if (Directory.Exists(full))
        {
            foreach (var file in Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var (hash, size) = cache.StoreCopy(file);
                artifacts.Add(new RunArtifact($"{root}/{Path.GetRelativePath(full, file).Replace('\\', '/')}", hash.Hex, size));
            }
        }
        else if (File.Exists(full))
        {
            var (hash, size) = cache.StoreCopy(full);
            artifacts.Add(new RunArtifact(root, hash.Hex, size));
        }
        else
        {
            throw AriadneException.PathNotFound(path);
        }

        await _store.LogArtifactsAsync(RunId, artifacts, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores text (a log, a report) as an artifact.</summary>
    public Task LogTextAsync(string text, string artifactPath, CancellationToken cancellationToken = default) =>
        LogBytesAsync(System.Text.Encoding.UTF8.GetBytes(text), artifactPath, cancellationToken);

    /// <summary>Starts logging <c>system/*</c> metrics of this process's tree every <paramref name="interval"/> until the run ends.</summary>
    internal async Task StartSystemMetricsAsync(TimeSpan interval) =>
        _systemMetrics ??= await SystemMetrics.SystemMetricsSampler.StartAsync(this, interval, _time).ConfigureAwait(false);

    /// <summary>Writes all buffered metrics now.</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default) => _ended ? Task.CompletedTask : _metrics.FlushAsync(cancellationToken);

    /// <summary>Flushes metrics and ends the run with <paramref name="status"/> (finished by default).</summary>
    public async Task EndAsync(RunStatus status = RunStatus.Finished, CancellationToken cancellationToken = default)
    {
        if (_ended)
        {
            return;
        }

        if (_systemMetrics is { } sampler)
        {
            // Stopped before the run counts as ended: a sample being written when the run ends is still logged.
            _systemMetrics = null;
            await sampler.DisposeAsync().ConfigureAwait(false);
        }

        _ended = true;

        await _metrics.DisposeAsync().ConfigureAwait(false);
        if (!_attached)
        {
            var endTime = _time.GetUtcNow().ToUnixTimeMilliseconds();
            await _store.UpdateRunAsync(RunId, status, endTime, null, cancellationToken).ConfigureAwait(false);
            Info = Info with { Status = status, EndTime = endTime };
        }
    }

    /// <summary>Ends a run that was not ended as failed; an attached run is only flushed.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_ended)
        {
            await EndAsync(RunStatus.Failed).ConfigureAwait(false);
        }
    }

    private Task Heartbeat(CancellationToken cancellationToken) =>
        _store.LogBatchAsync(RunId, [], [], [new RunTag(TrackingKeys.HeartbeatTag, _time.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture))], cancellationToken);
}
