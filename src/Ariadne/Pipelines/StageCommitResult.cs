namespace Ariadne.Pipelines;

/// <summary>What <c>ariadne commit</c> did for one stage: whether its lock entry changed, why, and the outputs it recorded.</summary>
internal sealed record StageCommitResult(string Stage, bool Committed, IReadOnlyList<string> Changes, IReadOnlyList<LockedPath> Outputs);
