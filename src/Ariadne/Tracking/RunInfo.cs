namespace Ariadne.Tracking;

/// <summary>A run's identity and state. Times are milliseconds since the Unix epoch.</summary>
public sealed record RunInfo(
    string RunId,
    string ExperimentId,
    string RunName,
    RunStatus Status,
    long StartTime,
    long? EndTime,
    LifecycleStage LifecycleStage,
    string? ParentRunId,
    string UserId,
    string ArtifactUri);
