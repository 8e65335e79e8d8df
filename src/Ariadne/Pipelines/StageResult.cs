namespace Ariadne.Pipelines;

/// <summary>What happened to a stage in one <c>repro</c>.</summary>
internal enum StageResult
{
    UpToDate,
    Ran,
    Restored,
    Failed,
    Skipped,
    WouldRun,
    WouldRestore,
}
