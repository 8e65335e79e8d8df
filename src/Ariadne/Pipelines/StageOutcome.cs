namespace Ariadne.Pipelines;

/// <summary>One stage's part in a <c>repro</c>: the result, why it ran (or would), the error when it failed, its tracked run.</summary>
internal sealed record StageOutcome(string Stage, StageResult Result, IReadOnlyList<string> Reasons, string? Error = null, string? RunId = null);
