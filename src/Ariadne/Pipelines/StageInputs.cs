namespace Ariadne.Pipelines;

/// <summary>What a stage would run with now: its dependencies' content and its parameter values.</summary>
internal sealed record StageInputs(IReadOnlyList<LockedPath> Deps, IReadOnlyList<LockedParam> Params, IReadOnlyList<string> MissingDeps);
