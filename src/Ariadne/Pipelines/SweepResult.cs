namespace Ariadne.Pipelines;

/// <summary>
/// The outcome of <c>ariadne sweep</c>: the sweep's tracked run and its trials, best first by the metric when one was
/// given (trials without the metric, or failed, last), in trial order otherwise.
/// </summary>
internal sealed record SweepResult(string SweepRunId, IReadOnlyList<TrialResult> Ranked, string? Metric, bool Maximize, int Seed)
{
    public bool Succeeded => Ranked.All(t => t.Succeeded);

    public TrialResult? Best => Metric is null ? null
        : HoldoutAnswers is { } answers ? Ranked.FirstOrDefault(t => t.Succeeded && answers.ContainsKey(t.Index))
        : Ranked.FirstOrDefault(t => t.Succeeded && t.Metrics.ContainsKey(Metric));

    /// <summary>With <c>--reusable-holdout</c>: each ranked trial's Thresholdout answer, by trial index (the ranking's values).</summary>
    public IReadOnlyDictionary<int, double>? HoldoutAnswers { get; init; }

    /// <summary>With <c>--reusable-holdout</c>: the Thresholdout that ranked the trials (budget, what is left, queries).</summary>
    public Data.Holdout.ReusableHoldout? ReusableHoldout { get; init; }

    /// <summary>Stages every trial left out because they read a sealed test set, and why.</summary>
    public IReadOnlyList<SealedStage> LeftOut { get; init; } = [];
}
