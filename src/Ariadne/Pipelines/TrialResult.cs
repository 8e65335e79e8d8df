namespace Ariadne.Pipelines;

/// <summary>
/// One experiment (an <c>exp run</c>, or one trial of a sweep): its tracked run, the params it overrode, the metrics it
/// produced (named <c>file:key</c>, see <see cref="ExperimentMetrics"/>), and what the pipeline did.
/// </summary>
internal sealed record TrialResult(int Index, string RunId, IReadOnlyList<ParamOverride> Params, IReadOnlyDictionary<string, double> Metrics, ReproResult Repro)
{
    public bool Succeeded => Repro.Succeeded;

    /// <summary>Stages left out because they read a sealed test set, and why (empty with <c>--read-sealed</c>).</summary>
    public IReadOnlyList<SealedStage> LeftOut { get; init; } = [];
}
