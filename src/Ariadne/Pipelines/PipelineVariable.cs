namespace Ariadne.Pipelines;

/// <summary>
/// A value <c>${...}</c> may use in any stage: a key of <c>params.yaml</c> or of a file listed under <c>vars:</c>
/// (<see cref="File"/> workspace-relative; using it makes the stage depend on it), or of a mapping given inline under
/// <c>vars:</c> (<see cref="File"/> null).
/// </summary>
internal sealed record PipelineVariable(string Value, string? File, string Source, bool IsSection);
