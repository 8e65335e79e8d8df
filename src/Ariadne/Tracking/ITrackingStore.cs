namespace Ariadne.Tracking;

/// <summary>
/// Where experiments and runs live: the embedded SQLite file, PostgreSQL, or a tracking server. One contract that every
/// store implements whole (docs/tracking-store.md): no capability is optional, so callers never test a store with a
/// cast. Few primitives, as in MLflow's AbstractStore; conveniences (log one metric, set one tag) are extension
/// methods in <see cref="TrackingStoreExtensions"/>. The rules every store shares live once, above the transports:
/// limits in <see cref="TrackingLimits"/>, the spelling of statuses and stages in <see cref="StoredNames"/>, the
/// deleted/active refusals and other messages in <see cref="AriadneException"/>'s factories with their
/// <see cref="ErrorCode"/>. Every method throws <see cref="AriadneException"/> with a clear code for unknown ids
/// (<see cref="ErrorCode.ResourceNotFound"/>), invalid input (<see cref="ErrorCode.InvalidArgument"/>) and conflicts
/// such as changing a logged param (<see cref="ErrorCode.InvalidArgument"/>), and writes nothing when it throws. The
/// smaller interfaces it extends are parts of the same contract, named so a caller can ask for only what it uses:
/// the ledger of sealed-set reads (<see cref="Data.Holdout.IHoldoutLedger"/>), dataset versions
/// (<see cref="IDatasetRegistry"/>), per-experiment activity (<see cref="IExperimentActivity"/>), downsampled
/// histories (<see cref="IMetricDownsampling"/>) and runs created by experiment name (<see cref="IRunCreationByName"/>).
/// </summary>
public interface ITrackingStore : IAsyncDisposable, Data.Holdout.IHoldoutLedger, IDatasetRegistry, IExperimentActivity, IMetricDownsampling, IRunCreationByName, Registry.IModelRegistry
{
    /// <summary>Creates an experiment and returns its id; a name already in use is an error.</summary>
    Task<string> CreateExperimentAsync(string name, IReadOnlyDictionary<string, string>? tags, CancellationToken cancellationToken);

    /// <summary>The experiment, or null when no experiment has that id.</summary>
    Task<Experiment?> GetExperimentAsync(string experimentId, CancellationToken cancellationToken);

    /// <summary>The experiment (active or deleted), or null when none has that name.</summary>
    Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken);

    /// <summary>Every experiment in the view (active, deleted or all), ordered by id.</summary>
    Task<IReadOnlyList<Experiment>> ListExperimentsAsync(ViewType viewType, CancellationToken cancellationToken);

    /// <summary>
    /// Experiments matching a filter on name, times and tags, in the view (active, deleted or all), ordered and paged
    /// (see <see cref="ExperimentSearch"/>); the store filters, orders and pages in its own query. A filter, order-by
    /// item or page token it cannot read throws InvalidArgument saying what was wrong.
    /// </summary>
    Task<ExperimentPage> SearchExperimentsAsync(ExperimentSearch search, CancellationToken cancellationToken);

    /// <summary>Renames (when <paramref name="newName"/> is set) and/or deletes or restores (when <paramref name="stage"/> is set).</summary>
    Task UpdateExperimentAsync(string experimentId, string? newName, LifecycleStage? stage, CancellationToken cancellationToken);

    /// <summary>Sets (or replaces) one tag of an experiment.</summary>
    Task SetExperimentTagAsync(string experimentId, string key, string value, CancellationToken cancellationToken);

    /// <summary>
    /// Creates a run in <see cref="NewRun.ExperimentId"/> (which must exist and be active) with the client-chosen
    /// <see cref="NewRun.RunId"/> when one is given (an id in use is an error), otherwise a new one.
    /// </summary>
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

    /// <summary>
    /// Logs a batch exactly once per (<paramref name="runId"/>, <paramref name="clientId"/>, <paramref name="sequence"/>):
    /// the store checks and records the sequence in the same transaction as the batch, so a batch retried or replayed
    /// (from a spool, after a lost answer, or to another server over the same database) is recognised and skipped.
    /// A writer numbers its batches 1, 2, 3 … per run; any sequence at or below the highest one applied for that run
    /// and client counts as applied already. Returns true when this call applied the batch, false when it was skipped.
    /// A client id is 1 to 64 letters, digits, '-' or '_'; otherwise, and for a sequence below 1, InvalidArgument.
    /// </summary>
    Task<bool> LogBatchOnceAsync(string runId, string clientId, long sequence, IReadOnlyList<Metric> metrics, IReadOnlyList<Param> parameters, IReadOnlyList<RunTag> tags, CancellationToken cancellationToken);

    /// <summary>Removes one tag of a run; an absent tag is ResourceNotFound.</summary>
    Task DeleteTagAsync(string runId, string key, CancellationToken cancellationToken);

    /// <summary>Records the data a run read, by content hash and role; the same input again is stored once.</summary>
    Task LogInputsAsync(string runId, IReadOnlyList<RunInput> inputs, CancellationToken cancellationToken);

    /// <summary>Records files the run produced (already stored in the content cache). A path logged again is replaced.</summary>
    Task LogArtifactsAsync(string runId, IReadOnlyList<RunArtifact> artifacts, CancellationToken cancellationToken);

    /// <summary>Every artifact record of a run, ordered by path.</summary>
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
