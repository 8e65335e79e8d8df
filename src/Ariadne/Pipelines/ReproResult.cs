namespace Ariadne.Pipelines;

/// <summary>The outcome of <c>ariadne repro</c>: every selected stage in dependency order, and the pipeline's tracked run.</summary>
internal sealed record ReproResult(IReadOnlyList<StageOutcome> Stages, string? PipelineRunId)
{
    public bool Succeeded => Stages.All(s => s.Result is not (StageResult.Failed or StageResult.Skipped));
}
