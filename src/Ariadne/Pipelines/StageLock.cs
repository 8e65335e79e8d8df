namespace Ariadne.Pipelines;

/// <summary>What a stage last ran with and what it produced: one entry of <c>ariadne.lock</c>.</summary>
internal sealed record StageLock(
    IReadOnlyList<string> Commands,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<LockedPath> Deps,
    IReadOnlyList<LockedParam> Params,
    IReadOnlyList<LockedPath> Outs);
