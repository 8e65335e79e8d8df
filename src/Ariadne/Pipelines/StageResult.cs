namespace Ariadne.Pipelines;

/// <summary>What happened to a stage in one <c>repro</c>.</summary>
public enum StageResult
{
    UpToDate,
    Ran,
    Restored,
    Failed,
    Skipped,
    WouldRun,
    WouldRestore,
}
