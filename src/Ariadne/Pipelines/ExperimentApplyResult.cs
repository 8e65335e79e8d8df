namespace Ariadne.Pipelines;

/// <summary>
/// What <c>exp apply</c> did: the params it wrote, each stage's result (restored from the run cache, up to date, or
/// failed when the experiment's outputs for it are not in the cache), and the stages left out for reading a sealed test set.
/// </summary>
internal sealed record ExperimentApplyResult(string RunId, IReadOnlyList<ParamOverride> Params, ReproResult Repro, IReadOnlyList<string> LeftOut)
{
    public bool Succeeded => Repro.Succeeded;
}
