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
            try
            {
                info = (await Store.GetRunAsync(attachTo, cancellationToken).ConfigureAwait(false)).Info;
            }
            catch (AriadneException e) when (e.Code == ErrorCode.RemoteUnavailable)
            {
                // The tracking server is away (the run itself may still be in its creator's spool): attach by id and
                // log offline; every write goes to the spool and follows the run's creation when it is uploaded.
                info = new RunInfo(attachTo, "", "", RunStatus.Running, Time.GetUtcNow().ToUnixTimeMilliseconds(), null, LifecycleStage.Active, null, Environment.UserName, "");
            }

            return new ActiveRun(Store, info, Workspace, Time, attached: true);
        }

        return await StartNewRunAsync(experiment, name, parent?.RunId, tags, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts a new run (never attaches), optionally nested under <paramref name="parentRunId"/>.</summary>
    public Task<ActiveRun> StartNewRunAsync(string? experiment, string? name, string? parentRunId, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default) =>
        StartNewRunAsync(experiment, name, parentRunId, tags, captureEnvironment: true, cancellationToken);

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
    public async Task RunAsync(string? experiment, string? name, Func<ActiveRun, Task> body, CancellationToken cancellationToken = default)
    {
        var run = await StartRunAsync(experiment, name, cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (run.ConfigureAwait(false))
        {
            try
            {
                await body(run).ConfigureAwait(false);
                await run.EndAsync(RunStatus.Finished, CancellationToken.None).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await run.EndAsync(RunStatus.Killed, CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }
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
