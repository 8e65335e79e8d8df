namespace Ariadne.Lineage;

/// <summary>
/// A run on a lineage path with what a reader needs to judge it: command, params, seeds, git commit and whether the
/// tree was dirty, and environment (for a pipeline's stage run, taken from its pipeline run, which records it).
/// </summary>
internal sealed record LineageRun(
    string RunId,
    string Name,
    string ExperimentId,
    string Status,
    long StartTime,
    long? EndTime,
    string User,
    string? ParentRunId,
    string? Stage,
    string? Command,
    IReadOnlyList<KeyValuePair<string, string>> Params,
    IReadOnlyList<KeyValuePair<string, string>> Seeds,
    string? GitCommit,
    bool? GitDirty,
    IReadOnlyList<KeyValuePair<string, string>> Environment,
    string? EnvironmentFrom,
    bool Deleted)
{
    public string Id => "run:" + RunId;

    /// <summary>A short name: the stage or run name and the id's first 8 digits.</summary>
    public string Label => $"{Stage ?? Name} ({RunId[..Math.Min(8, RunId.Length)]})";
}
