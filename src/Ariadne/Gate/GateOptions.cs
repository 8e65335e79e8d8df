namespace Ariadne.Gate;

/// <summary>
/// What <c>ariadne check</c> compares against: the git revision whose metrics are the baseline (default HEAD), the
/// metrics to watch with their thresholds, and the remote that must hold the data (default: the default remote).
/// </summary>
internal sealed record GateOptions(string Baseline, IReadOnlyList<MetricThreshold> Metrics, string? Remote);
