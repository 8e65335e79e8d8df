namespace Ariadne.Tracking;

/// <summary>
/// When two metric points are the same point, the rule every store shares: the same key, step, timestamp and value,
/// as MLflow's SQL store keys its <c>metrics</c> table. NaN equals NaN and -0 equals 0, as SQL compares floats. A
/// point logged again (a client retrying <c>log-batch</c>) is stored once; points differing in any part are all kept.
/// </summary>
internal static class MetricPoints
{
    /// <summary>Whether two values count as the same value of a point.</summary>
    public static bool SameValue(double a, double b) => a == b || (double.IsNaN(a) && double.IsNaN(b));

    /// <summary>A value as a hash key that agrees with <see cref="SameValue"/>.</summary>
    public static long ValueKey(double value) =>
        double.IsNaN(value) ? long.MinValue : value == 0 ? 0 : BitConverter.DoubleToInt64Bits(value);

    /// <summary>
    /// The points without those repeating an earlier point of the list, in their order. Returns
    /// <paramref name="metrics"/> itself when nothing repeats, which is known without hashing while every key's steps
    /// increase (the usual batch).
    /// </summary>
    public static IReadOnlyList<Metric> WithoutRepeats(IReadOnlyList<Metric> metrics)
    {
        if (metrics.Count < 2)
        {
            return metrics;
        }

        var highest = new Dictionary<string, long>(StringComparer.Ordinal);
        var increasing = true;
        foreach (var metric in metrics)
        {
            if (highest.TryGetValue(metric.Key, out var step) && metric.Step <= step)
            {
                increasing = false;
                break;
            }

            highest[metric.Key] = metric.Step;
        }

        if (increasing)
        {
            return metrics;
        }

        var seen = new HashSet<(string Key, long Step, long Timestamp, long Value)>(metrics.Count);
        var kept = new List<Metric>(metrics.Count);
        foreach (var metric in metrics)
        {
            if (seen.Add((metric.Key, metric.Step, metric.Timestamp, ValueKey(metric.Value))))
            {
                kept.Add(metric);
            }
        }

        return kept.Count == metrics.Count ? metrics : kept;
    }
}
