namespace Ariadne.Gate;

/// <summary>A watched metric in one metrics file: its value at the baseline revision (null when it had none) and now.</summary>
internal sealed record MetricComparison(string File, string Metric, double? Baseline, double Current, MetricThreshold Threshold)
{
    /// <summary>How far the metric moved the wrong way (positive is worse); 0 without a baseline value.</summary>
    public double Regression => Baseline is { } old ? (Threshold.HigherIsBetter ? old - Current : Current - old) : 0;

    /// <summary>
    /// True when the metric moved the wrong way by more than the threshold. Decimal values are not exact in binary
    /// (0.91 - 0.90 is 0.010000000000000009), so a move within a billionth of the values' scale of the threshold is within it.
    /// </summary>
    public bool Regressed =>
        Baseline is { } old && (!double.IsFinite(Current) || Regression - Threshold.Max > 1e-9 * Math.Max(1, Math.Max(Math.Abs(old), Math.Abs(Current))));
}
