using Ariadne.Data.Holdout;
using Ariadne.Tracking.Search;

namespace Ariadne.Tracking;

/// <summary>
/// The rules every tracking store shares, above the transports: <see cref="TrackingStoreRegistry"/> (and
/// <c>SqliteStore.Open</c>, <c>PostgresStore.Open</c>) wrap every store they open in it, so SQLite, PostgreSQL, a
/// tracking server and any plugin refuse the same bad input with the same <see cref="ErrorCode"/> and message, before
/// the transport is reached. It checks arguments only (limits and characters of names, keys, values, ids, inputs,
/// artifacts, batch sequences, search syntax; a param logged twice with two values in one batch; known statuses and
/// stages). What needs the store's transaction (a deleted run or experiment, a param that changes a stored value, an
/// id in use) stays in the transport, which throws the shared factories of <see cref="AriadneException"/>.
/// </summary>
internal sealed partial class CheckedTrackingStore : ITrackingStore
{
    private CheckedTrackingStore(ITrackingStore inner) => Inner = inner;

    /// <summary>The transport the rules are applied in front of.</summary>
    public ITrackingStore Inner { get; }

    /// <summary><paramref name="store"/> with the shared rules in front of it (a store already wrapped is returned as it is).</summary>
    public static ITrackingStore Wrap(ITrackingStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store is CheckedTrackingStore ? store : new CheckedTrackingStore(store);
    }

    /// <summary>The transport behind <paramref name="store"/>: the store itself when it is not wrapped.</summary>
    public static ITrackingStore Unwrap(ITrackingStore store) => store is CheckedTrackingStore checkedStore ? checkedStore.Inner : store;

    public Task<string> CreateExperimentAsync(string name, IReadOnlyDictionary<string, string>? tags, CancellationToken cancellationToken)
    {
        TrackingLimits.CheckName("experiment", name);
        foreach (var (key, value) in tags ?? new Dictionary<string, string>())
        {
            TrackingLimits.CheckTag("experiment tag", key, value);
        }

        return Inner.CreateExperimentAsync(name, tags, cancellationToken);
    }

    public Task<Experiment?> GetExperimentAsync(string experimentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experimentId);
        return Inner.GetExperimentAsync(experimentId, cancellationToken);
    }

    public Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Inner.GetExperimentByNameAsync(name, cancellationToken);
    }

    public Task<IReadOnlyList<Experiment>> ListExperimentsAsync(ViewType viewType, CancellationToken cancellationToken) =>
        Inner.ListExperimentsAsync(viewType, cancellationToken);

    public Task<ExperimentPage> SearchExperimentsAsync(ExperimentSearch search, CancellationToken cancellationToken)
    {
        ExperimentSearchSql.Check(search);
        return Inner.SearchExperimentsAsync(search, cancellationToken);
    }

    public Task UpdateExperimentAsync(string experimentId, string? newName, LifecycleStage? stage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experimentId);
        if (newName is not null)
        {
            TrackingLimits.CheckName("experiment", newName);
        }

        if (stage is { } s)
        {
            _ = StoredNames.Stage(s);
        }

        return Inner.UpdateExperimentAsync(experimentId, newName, stage, cancellationToken);
    }

    public Task SetExperimentTagAsync(string experimentId, string key, string value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experimentId);
        TrackingLimits.CheckTag("experiment tag", key, value);
        return Inner.SetExperimentTagAsync(experimentId, key, value, cancellationToken);
    }

    public Task<RunInfo> CreateRunAsync(NewRun run, CancellationToken cancellationToken)
    {
        CheckNewRun(run);
        return Inner.CreateRunAsync(run, cancellationToken);
    }

    public Task<RunInfo> CreateRunInExperimentAsync(string experimentName, NewRun run, CancellationToken cancellationToken)
    {
        TrackingLimits.CheckName("experiment", experimentName);
        CheckNewRun(run);
        return Inner.CreateRunInExperimentAsync(experimentName, run, cancellationToken);
    }

    public Task<Run> GetRunAsync(string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runId);
        return Inner.GetRunAsync(runId, cancellationToken);
    }

    public Task<RunInfo> UpdateRunAsync(string runId, RunStatus? status, long? endTime, string? runName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runId);
        if (status is { } s)
        {
            _ = StoredNames.Status(s);
        }

        return Inner.UpdateRunAsync(runId, status, endTime, runName, cancellationToken);
    }

    public Task SetRunLifecycleAsync(string runId, LifecycleStage stage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runId);
        _ = StoredNames.Stage(stage);
        return Inner.SetRunLifecycleAsync(runId, stage, cancellationToken);
    }

    public Task LogBatchAsync(string runId, IReadOnlyList<Metric> metrics, IReadOnlyList<Param> parameters, IReadOnlyList<RunTag> tags, CancellationToken cancellationToken)
    {
        CheckBatch(runId, metrics, parameters, tags);
        return Inner.LogBatchAsync(runId, metrics, parameters, tags, cancellationToken);
    }

    public Task<bool> LogBatchOnceAsync(string runId, string clientId, long sequence, IReadOnlyList<Metric> metrics, IReadOnlyList<Param> parameters, IReadOnlyList<RunTag> tags, CancellationToken cancellationToken)
    {
        TrackingLimits.CheckBatchSequence(clientId, sequence);
        CheckBatch(runId, metrics, parameters, tags);
        return Inner.LogBatchOnceAsync(runId, clientId, sequence, metrics, parameters, tags, cancellationToken);
    }

    public Task DeleteTagAsync(string runId, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(key);
        return Inner.DeleteTagAsync(runId, key, cancellationToken);
    }

    public Task LogInputsAsync(string runId, IReadOnlyList<RunInput> inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(inputs);
        foreach (var input in inputs)
        {
            TrackingLimits.CheckInput(input.DatasetHash, input.Role);
        }

        return Inner.LogInputsAsync(runId, inputs, cancellationToken);
    }

    public Task LogArtifactsAsync(string runId, IReadOnlyList<RunArtifact> artifacts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(artifacts);
        foreach (var artifact in artifacts)
        {
            TrackingLimits.CheckArtifact(artifact.Path, artifact.Hash, artifact.Size);
        }

        return Inner.LogArtifactsAsync(runId, artifacts, cancellationToken);
    }

    public Task<IReadOnlyList<RunArtifact>> ListArtifactsAsync(string runId, CancellationToken cancellationToken) =>
        Inner.ListArtifactsAsync(runId, cancellationToken);

    public Task<IReadOnlyList<Metric>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken) =>
        Inner.GetMetricHistoryAsync(runId, key, cancellationToken);

    public Task<IReadOnlyList<Metric>> GetMetricHistoryDownsampledAsync(string runId, string key, int maxPoints, CancellationToken cancellationToken) =>
        Inner.GetMetricHistoryDownsampledAsync(runId, key, maxPoints, cancellationToken);

    public Task<RunPage> SearchRunsAsync(RunSearch search, CancellationToken cancellationToken) =>
        Inner.SearchRunsAsync(search, cancellationToken);

    public Task CheckWritableAsync(CancellationToken cancellationToken) => Inner.CheckWritableAsync(cancellationToken);

    public Task RegisterDatasetVersionAsync(DatasetVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        TrackingLimits.CheckName("dataset", version.Name);
        TrackingLimits.CheckName("dataset version", version.Version);
        TrackingLimits.CheckInput(version.Hash, "dataset");
        return Inner.RegisterDatasetVersionAsync(version, cancellationToken);
    }

    public Task<IReadOnlyList<DatasetVersion>> ListDatasetVersionsAsync(string? name, CancellationToken cancellationToken) =>
        Inner.ListDatasetVersionsAsync(name, cancellationToken);

    public Task<IReadOnlyList<DatasetUse>> ListDatasetUsesAsync(string hash, CancellationToken cancellationToken) =>
        Inner.ListDatasetUsesAsync(hash, cancellationToken);

    public Task<IReadOnlyList<ContentRecord>> FindContentAsync(IReadOnlyList<string> hashes, ContentDirection direction, CancellationToken cancellationToken)
    {
        TrackingLimits.CheckContentQuery(hashes);
        return Inner.FindContentAsync([.. hashes.Distinct(StringComparer.Ordinal)], direction, cancellationToken);
    }

    public Task<IReadOnlyList<ContentRecord>> TraceContentAsync(IReadOnlyList<string> hashes, ContentDirection direction, CancellationToken cancellationToken)
    {
        TrackingLimits.CheckContentQuery(hashes);
        return Inner.TraceContentAsync([.. hashes.Distinct(StringComparer.Ordinal)], direction, cancellationToken);
    }

    public Task<IReadOnlyList<ExperimentActivity>> GetExperimentActivityAsync(CancellationToken cancellationToken) =>
        Inner.GetExperimentActivityAsync(cancellationToken);

    public Task<HoldoutAccess> RecordHoldoutReadAsync(HoldoutRead read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        return Inner.RecordHoldoutReadAsync(read.Checked(), cancellationToken);
    }

    public Task<IReadOnlyList<HoldoutAccess>> ListHoldoutReadsAsync(string? partBlake3, CancellationToken cancellationToken) =>
        Inner.ListHoldoutReadsAsync(partBlake3, cancellationToken);

    public ValueTask DisposeAsync() => Inner.DisposeAsync();

    private static void CheckNewRun(NewRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(run.ExperimentId);
        if (run.RunId is not null)
        {
            TrackingLimits.CheckRunId(run.RunId);
        }

        foreach (var tag in run.Tags ?? [])
        {
            TrackingLimits.CheckTag("tag", tag.Key, tag.Value);
        }
    }

    /// <summary>Metric keys, params (one value per key in a batch) and tags, in that order, so every store names the same first problem.</summary>
    private static void CheckBatch(string runId, IReadOnlyList<Metric> metrics, IReadOnlyList<Param> parameters, IReadOnlyList<RunTag> tags)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(tags);
        string? lastKey = null;
        foreach (var metric in metrics)
        {
            // A batch repeats a few keys many times: each new key is checked once in a row.
            if (!ReferenceEquals(metric.Key, lastKey) && metric.Key != lastKey)
            {
                TrackingLimits.CheckKey("metric", metric.Key);
                lastKey = metric.Key;
            }
        }

        var values = parameters.Count > 0 ? new Dictionary<string, string>(StringComparer.Ordinal) : null;
        foreach (var param in parameters)
        {
            TrackingLimits.CheckParam(param.Key, param.Value);
            if (values!.TryGetValue(param.Key, out var earlier) && earlier != param.Value)
            {
                throw AriadneException.ParamTwiceInBatch(param.Key, earlier, param.Value);
            }

            values[param.Key] = param.Value;
        }

        foreach (var tag in tags)
        {
            TrackingLimits.CheckTag("tag", tag.Key, tag.Value);
        }
    }
}
