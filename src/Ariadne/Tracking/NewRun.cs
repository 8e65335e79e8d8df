namespace Ariadne.Tracking;

/// <summary>What is needed to create a run. <see cref="RunId"/> is generated (32 hex characters) when null.</summary>
public sealed record NewRun(
    string ExperimentId,
    string RunName,
    long StartTime,
    string UserId,
    string? ParentRunId = null,
    IReadOnlyList<RunTag>? Tags = null,
    string? RunId = null);
