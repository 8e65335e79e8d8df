using Ariadne.Tracking;
using Ariadne.Workspace;

namespace Ariadne.Schedules;

/// <summary>Where schedules run and record: the store, the workspace whose folder the actions run in, and how to start <c>ariadne</c>.</summary>
internal sealed class ScheduleRunnerOptions
{
    /// <summary>The tracking store the executions are recorded in (and the actions' own runs, through <see cref="StoreUri"/>).</summary>
    public required ITrackingStore Store { get; init; }

    /// <summary>The folder actions run in: the workspace root.</summary>
    public required string WorkspaceRoot { get; init; }

    /// <summary>The workspace whose cache keeps the output logs (artifacts); null keeps no log.</summary>
    public DataWorkspace? Workspace { get; init; }

    /// <summary>The store's URI, given to actions as <c>ARIADNE_TRACKING_URI</c> so they record where the server serves; null leaves the variable as it is.</summary>
    public string? StoreUri { get; init; }

    /// <summary>The program and leading arguments that start <c>ariadne</c> (e.g. <c>dotnet /path/ariadne.dll</c>); needed by pipeline, stage and monitor actions.</summary>
    public IReadOnlyList<string>? AriadneCommand { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
