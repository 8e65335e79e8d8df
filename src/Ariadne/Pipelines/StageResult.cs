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

    /// <summary><c>frozen: true</c>: not run, whatever changed; its outputs are as <c>ariadne.lock</c> records them.</summary>
    Frozen,
}
