namespace Ariadne.Tracking;

/// <summary>
/// Where experiments and runs live: the embedded SQLite file, PostgreSQL, or a tracking server. Few primitives, as in
/// MLflow's AbstractStore; conveniences (log one metric, set one tag) are extension methods in
/// <see cref="TrackingStoreExtensions"/>. Every method throws <see cref="AriadneException"/> with a clear code for
/// unknown ids (<see cref="ErrorCode.ResourceNotFound"/>), invalid input (<see cref="ErrorCode.InvalidArgument"/>)
/// and conflicts such as changing a logged param (<see cref="ErrorCode.InvalidArgument"/>), and writes nothing
/// when it throws. Every store also keeps the ledger of sealed-set reads (<see cref="Data.Holdout.IHoldoutLedger"/>).
/// </summary>
public interface ITrackingStore : IAsyncDisposable, Data.Holdout.IHoldoutLedger
{
    /// <summary>Creates an experiment and returns its id; a name already in use is an error.</summary>
    Task<string> CreateExperimentAsync(string name, IReadOnlyDictionary<string, string>? tags, CancellationToken cancellationToken);

    /// <summary>The experiment, or null when no experiment has that id.</summary>
    Task<Experiment?> GetExperimentAsync(string experimentId, CancellationToken cancellationToken);

    /// <summary>The experiment (active or deleted), or null when none has that name.</summary>
    Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<Experiment>> ListExperimentsAsync(ViewType viewType, CancellationToken cancellationToken);

    /// <summary>Renames (when <paramref name="newName"/> is set) and/or deletes or restores (when <paramref name="stage"/> is set).</summary>
    Task UpdateExperimentAsync(string experimentId, string? newName, LifecycleStage? stage, CancellationToken cancellationToken);

    Task SetExperimentTagAsync(string experimentId, string key, string value, CancellationToken cancellationToken);

    Task<RunInfo> CreateRunAsync(NewRun run, CancellationToken cancellationToken);

    /// <summary>The run with its latest metrics, params, tags and inputs; throws ResourceNotFound for an unknown id.</summary>
    Task<Run> GetRunAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Changes status, end time and/or name; null leaves a field as it is.</summary>
    Task<RunInfo> UpdateRunAsync(string runId, RunStatus? status, long? endTime, string? runName, CancellationToken cancellationToken);

    /// <summary>Deletes or restores a run (soft: its data stays).</summary>
    Task SetRunLifecycleAsync(string runId, LifecycleStage stage, CancellationToken cancellationToken);

    /// <summary>
    /// Logs metrics, params and tags in one transaction: all or nothing. A param already logged with another value
    /// is an error (the same value again is fine).
    /// </summary>
    Task LogBatchAsync(string runId, IReadOnlyList<Metric> metrics, IReadOnlyList<Param> parameters, IReadOnlyList<RunTag> tags, CancellationToken cancellationToken);

    Task DeleteTagAsync(string runId, string key, CancellationToken cancellationToken);

    Task LogInputsAsync(string runId, IReadOnlyList<RunInput> inputs, CancellationToken cancellationToken);

    /// <summary>Records files the run produced (already stored in the content cache). A path logged again is replaced.</summary>
    Task LogArtifactsAsync(string runId, IReadOnlyList<RunArtifact> artifacts, CancellationToken cancellationToken);

    Task<IReadOnlyList<RunArtifact>> ListArtifactsAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Every point of one metric, ordered by step, then timestamp.</summary>
    Task<IReadOnlyList<Metric>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken);

    /// <summary>Runs matching a filter, ordered and paged; a filter with a syntax error throws InvalidArgument naming the position.</summary>
    Task<RunPage> SearchRunsAsync(RunSearch search, CancellationToken cancellationToken);

    /// <summary>
    /// Proves the store takes a write now: commits one small write to its health record (a read-only, deleted,
    /// unreachable or full store throws an <see cref="AriadneException"/> that says which). A server's /health uses it.
    /// </summary>
    Task CheckWritableAsync(CancellationToken cancellationToken);
}
