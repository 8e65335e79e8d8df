namespace Ariadne.Gate;

/// <summary>
/// A metric the gate watches: <c>--metric NAME --max-drop X</c> (higher is better: fail when it falls by more than X)
/// or <c>--metric NAME --max-rise X</c> (lower is better: fail when it grows by more than X). X is in the metric's own units.
/// </summary>
internal sealed record MetricThreshold(string Metric, bool HigherIsBetter, double Max)
{
    public string Describe() =>
        $"{(HigherIsBetter ? "max drop" : "max rise")} {Max.ToString("G", System.Globalization.CultureInfo.InvariantCulture)}";
}
