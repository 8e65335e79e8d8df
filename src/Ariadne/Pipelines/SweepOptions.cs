namespace Ariadne.Pipelines;

/// <summary>What <c>ariadne sweep</c> was asked to do.</summary>
/// <param name="Parameters">The params to vary.</param>
/// <param name="RandomTrials">Random search with this many trials; grid search (every combination) when null.</param>
/// <param name="Seed">Seed of the random search (the same seed draws the same trials).</param>
/// <param name="Jobs">Trials to run at once, each in its own working copy.</param>
/// <param name="Metric">The metric that ranks the trials, <c>file:key</c> (<c>metrics.json:val.acc</c>) or a key only one metrics file has; null to keep trial order.</param>
/// <param name="Maximize">Higher is better (default); false ranks the lowest first.</param>
internal sealed record SweepOptions(IReadOnlyList<SweepParameter> Parameters, int? RandomTrials = null, int Seed = 0, int Jobs = 1, string? Metric = null, bool Maximize = true)
{
    /// <summary>
    /// Null (the default): the trials leave out stages that read a sealed test set, and any read of one fails. A
    /// written reason: the trials run them, every read spends the budget, and the reason is recorded on the runs.
    /// </summary>
    public string? ReadSealed { get; init; }

    /// <summary>Rank through Thresholdout (needs <see cref="Metric"/>, the validation metric); null ranks by the metric itself.</summary>
    public ReusableHoldoutOptions? ReusableHoldout { get; init; }
}
