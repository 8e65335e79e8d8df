using System.Diagnostics;
using System.Globalization;
using Ariadne.Workspace;

namespace Ariadne.Tracking;

/// <summary>
/// The SDK's entry point. Opens the tracking store (the workspace's embedded SQLite file by default, or the URI in
/// <c>ARIADNE_TRACKING_URI</c>) and starts runs:
/// <code>
/// await using var tracking = TrackingClient.Open();
/// await using var run = await tracking.StartRunAsync("penguins", "baseline");
/// await run.LogParamAsync("lr", 0.01);
/// run.LogMetric("loss", 0.42);
/// await run.EndAsync();
/// </code>
/// Inside a program started by <c>ariadne run</c>, <see cref="StartRunAsync"/> attaches to that run instead.
/// </summary>
public sealed class TrackingClient : IAsyncDisposable
{
    private readonly bool _ownsStore;
    private readonly string? _attachRunId;

    private TrackingClient(ITrackingStore store, DataWorkspace? workspace, TimeProvider time, bool ownsStore, string? attachRunId)
    {
        Store = store;
        Workspace = workspace;
        Time = time;
        _ownsStore = ownsStore;
        _attachRunId = string.IsNullOrEmpty(attachRunId) ? null : attachRunId;
    }

    /// <summary>The tracking store runs are written to.</summary>
    public ITrackingStore Store { get; }

    internal DataWorkspace? Workspace { get; }

    /// <summary>The URI the store was opened from (commands this client starts log there); null for a wrapped store.</summary>
    internal string? StoreUri { get; private init; }

    /// <summary>The clock for start and end times and metric timestamps.</summary>
    public TimeProvider Time { get; }

    /// <summary>
    /// How often a run this client starts logs <c>system/*</c> metrics (CPU, memory, disk, network, GPUs of this process
    /// tree and machine); null turns them off. Default: <c>ARIADNE_SYSTEM_METRICS</c> (seconds, or 0/off), else 10 s.
    /// A run attached to <c>ariadne run</c> is sampled by that command instead.
    /// </summary>
    public TimeSpan? SystemMetricsInterval { get; set; } = SystemMetrics.SystemMetricsSampler.IntervalFromEnvironment();

    /// <summary>
    /// Opens the store named by <paramref name="trackingUri"/>, else <c>ARIADNE_TRACKING_URI</c>, else the embedded
    /// store of the workspace around <paramref name="folder"/> (default: the current folder).
    /// </summary>
    public static TrackingClient Open(string? trackingUri = null, string? folder = null, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var start = folder ?? Environment.CurrentDirectory;
        DataWorkspace? workspace = null;
        try
        {
            workspace = DataWorkspace.Open(start, time);
        }
        catch (AriadneException e) when (e.Code == ErrorCode.NotAWorkspace)
        {
            workspace = null;
        }

        var uri = trackingUri ?? Environment.GetEnvironmentVariable(TrackingKeys.TrackingUriVariable);
        if (string.IsNullOrEmpty(uri))
        {
            if (workspace is null)
            {
                throw AriadneException.NotAWorkspace(start);
            }

            uri = "sqlite:///" + workspace.DatabaseFile.TrimStart('/');
        }

        return new TrackingClient(TrackingStoreRegistry.Open(uri), workspace, time, ownsStore: true, Environment.GetEnvironmentVariable(TrackingKeys.RunIdVariable)) { StoreUri = uri };
    }

    /// <summary>
    /// The same store (not owned) with another workspace for environment capture and artifacts: a reproduction's git
    /// worktree, whose cache is the original workspace's. Commands it starts still log into this client's store.
    /// </summary>
    internal TrackingClient ForWorkspace(DataWorkspace workspace) =>
        new(Store, workspace, Time, ownsStore: false, attachRunId: null) { StoreUri = StoreUri ?? (Workspace is { } own ? "sqlite:///" + own.DatabaseFile.TrimStart('/') : null) };

    /// <summary>
    /// Wraps an open store (tests, servers); the caller keeps ownership of it. <paramref name="attachRunId"/> plays the
    /// part of <c>ARIADNE_RUN_ID</c>.
    /// </summary>
    internal static TrackingClient ForStore(ITrackingStore store, DataWorkspace? workspace = null, TimeProvider? time = null, string? attachRunId = null) =>
        new(store, workspace, time ?? TimeProvider.System, ownsStore: false, attachRunId);

    /// <summary>
    /// Starts a run in <paramref name="experiment"/> (created when new; default "Default"). With <paramref name="parent"/>
    /// it is a nested run. When <c>ARIADNE_RUN_ID</c> is set and no parent is given, attaches to that run.
    /// </summary>
    public async Task<ActiveRun> StartRunAsync(string? experiment = null, string? name = null, ActiveRun? parent = null, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default)
    {
        var attachTo = parent is null ? _attachRunId : null;
        if (attachTo is not null)
        {
            RunInfo info;
            IReadOnlyList<Metric> recorded = [];
            try
            {
                var stored = await Store.GetRunAsync(attachTo, cancellationToken).ConfigureAwait(false);
                info = stored.Info;
                recorded = stored.LatestMetrics;
            }
            catch (AriadneException e) when (e.Code == ErrorCode.RemoteUnavailable)
            {
                // The tracking server is away (the run itself may still be in its creator's spool): attach by id and
                // log offline; every write goes to the spool and follows the run's creation when it is uploaded.
                info = new RunInfo(attachTo, "", "", RunStatus.Running, Time.GetUtcNow().ToUnixTimeMilliseconds(), null, LifecycleStage.Active, null, Environment.UserName, "");
            }

            // Automatic steps continue after those already recorded (offline, none are known: they start at 0).
            var attached = new ActiveRun(Store, info, Workspace, Time, attached: true);
            attached.ContinueStepsAfter(recorded);
            return attached;
        }

        return await StartNewRunAsync(experiment, name, parent?.RunId, tags, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts a new run (never attaches), optionally nested under <paramref name="parentRunId"/>.</summary>
    public async Task<ActiveRun> StartNewRunAsync(string? experiment, string? name, string? parentRunId, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default)
    {
        var run = await StartNewRunAsync(experiment, name, parentRunId, tags, captureEnvironment: true, cancellationToken).ConfigureAwait(false);
        if (SystemMetricsInterval is { } interval)
        {
            await run.StartSystemMetricsAsync(interval).ConfigureAwait(false);
        }

        return run;
    }

    /// <summary>
    /// Starts a new run; without <paramref name="captureEnvironment"/> it skips the environment capture and the reaper
    /// (pipeline stages: the pipeline's own run holds the environment, and a stage should cost milliseconds).
    /// </summary>
    internal async Task<ActiveRun> StartNewRunAsync(string? experiment, string? name, string? parentRunId, IReadOnlyDictionary<string, string>? tags, bool captureEnvironment, CancellationToken cancellationToken)
    {
        if (captureEnvironment)
        {
            try
            {
                await new RunReaper(Store, Time).ReapAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (AriadneException e) when (e.Code == ErrorCode.RemoteUnavailable)
            {
                // A tracking server that is away: the run is created in the spool below, and reaping waits for the next run.
            }
        }

        var now = Time.GetUtcNow().ToUnixTimeMilliseconds();
        var allTags = new List<RunTag>
        {
            new(TrackingKeys.HostTag, Environment.MachineName),
            new(TrackingKeys.PidTag, Environment.ProcessId.ToString(CultureInfo.InvariantCulture)),
            new(TrackingKeys.ProcessStartTag, RunReaper.ProcessStart(Process.GetCurrentProcess())),
            new(TrackingKeys.HeartbeatTag, now.ToString(CultureInfo.InvariantCulture)),
        };
        allTags.AddRange((tags ?? new Dictionary<string, string>()).Select(kv => new RunTag(kv.Key, kv.Value)));
        var newRun = new NewRun("", name ?? RunNames.Generate(), now, Environment.UserName, parentRunId, allTags);
        var info = await Store.CreateRunInExperimentAsync(experiment ?? "Default", newRun, cancellationToken).ConfigureAwait(false);
        var run = new ActiveRun(Store, info, Workspace, Time, attached: false);
        if (captureEnvironment)
        {
            await RunProvenance.RecordAsync(run, Workspace?.Root ?? Environment.CurrentDirectory, cancellationToken).ConfigureAwait(false);
        }

        return run;
    }

    /// <summary>Runs <paramref name="body"/> as a run: finished when it returns, failed when it throws, killed when cancelled.</summary>
    public Task RunAsync(string? experiment, string? name, Func<ActiveRun, Task> body, CancellationToken cancellationToken = default) =>
        RunAsync(experiment, name, body, parent: null, tags: null, cancellationToken);

    /// <summary>Runs <paramref name="body"/> as a run nested under <paramref name="parent"/> (when given) with <paramref name="tags"/>; see the other overload.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple overloads with optional parameters", Justification = "A call without a parent binds to the first overload (its parameters are all given); the others need a parent or a body that returns a value.")]
    public Task RunAsync(string? experiment, string? name, Func<ActiveRun, Task> body, ActiveRun? parent, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        return RunAsync<bool>(experiment, name, async run =>
        {
            await body(run).ConfigureAwait(false);
            return true;
        }, parent, tags, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="body"/> as a run (nested under <paramref name="parent"/> when given, with <paramref name="tags"/>)
    /// and returns what it returns: the run ends finished when it returns, failed when it throws, killed when cancelled.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple overloads with optional parameters", Justification = "A call without a parent binds to the first overload (its parameters are all given); the others need a parent or a body that returns a value.")]
    public async Task<T> RunAsync<T>(string? experiment, string? name, Func<ActiveRun, Task<T>> body, ActiveRun? parent = null, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        var run = await StartRunAsync(experiment, name, parent, tags, cancellationToken).ConfigureAwait(false);
        await using (run.ConfigureAwait(false))
        {
            try
            {
                var result = await body(run).ConfigureAwait(false);
                await run.EndAsync(RunStatus.Finished, CancellationToken.None).ConfigureAwait(false);
                return result;
            }
            catch (OperationCanceledException)
            {
                await run.EndAsync(RunStatus.Killed, CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>
    /// Resumes a run by id (MLflow's <c>start_run(run_id=...)</c>): it is marked running again, and automatic metric steps
    /// continue after the last recorded ones. End it with <see cref="ActiveRun.EndAsync"/> as a new run.
    /// </summary>
    public async Task<ActiveRun> ResumeRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        var stored = await Store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        if (stored.Info.LifecycleStage == LifecycleStage.Deleted)
        {
            throw AriadneException.InvalidArgument($"Run {runId} is deleted; restore it ('ariadne runs restore {runId}') before resuming it.");
        }

        var info = await Store.UpdateRunAsync(runId, RunStatus.Running, null, null, cancellationToken).ConfigureAwait(false);
        var run = new ActiveRun(Store, info with { ExperimentId = stored.Info.ExperimentId }, Workspace, Time, attached: false);
        run.ContinueStepsAfter(stored.LatestMetrics);
        return run;
    }

    /// <summary>
    /// Downloads an artifact of any run (by run id and artifact path) to <paramref name="destination"/>: from the tracking
    /// server that holds it, or from the workspace cache for a local store. The bytes are checked against their hash.
    /// </summary>
    public async Task DownloadArtifactAsync(string runId, string artifactPath, string destination, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        ArgumentException.ThrowIfNullOrWhiteSpace(artifactPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        var artifacts = await Store.ListArtifactsAsync(runId, cancellationToken).ConfigureAwait(false);
        var artifact = artifacts.FirstOrDefault(a => a.Path == artifactPath.Trim('/'))
            ?? throw new AriadneException(ErrorCode.ResourceNotFound, $"Run {runId} has no artifact '{artifactPath}'. It has: {string.Join(", ", artifacts.Select(a => a.Path).DefaultIfEmpty("none"))}.");
        if (Tracking.CheckedTrackingStore.Unwrap(Store) is Http.HttpTrackingStore http)
        {
            var run = await Store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
            await http.DownloadArtifactAsync(run.Info.ExperimentId, runId, artifact, destination, cancellationToken).ConfigureAwait(false);
            return;
        }

        var cache = Workspace?.Cache ?? throw AriadneException.NotAWorkspace(Environment.CurrentDirectory);
        var hash = Content.ContentHash.Parse(artifact.Hash);
        if (!cache.Contains(hash) || Content.ContentHasher.HashFile(cache.PathOf(hash)) != hash)
        {
            throw new AriadneException(ErrorCode.ResourceNotFound, $"The content of artifact '{artifact.Path}' ({artifact.Hash}) is not in this workspace's cache. Download it from the tracking server the run was logged to.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(destination))!);
        File.Copy(cache.PathOf(hash), destination, overwrite: true);
    }

    /// <summary>Closes the store when this client opened it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_ownsStore)
        {
            await Store.DisposeAsync().ConfigureAwait(false);
        }
    }
}
