namespace Ariadne.Reproduction;

/// <summary>
/// One metric of the original run against the reproduction's: in <paramref name="Scope"/> (a pipeline stage's name, or
/// empty for the run itself), the latest value of each. Null <paramref name="Reproduced"/>: the reproduction did not log it.
/// </summary>
internal sealed record MetricComparison(string Scope, string Key, double Original, double? Reproduced, double Tolerance)
{
    /// <summary>|reproduced - original|; null when the reproduction did not log the metric.</summary>
    public double? Difference => Reproduced is { } value ? Math.Abs(value - Original) : null;

    /// <summary>The difference relative to the larger magnitude of the two (0 when both are 0).</summary>
    public double? RelativeDifference => Reproduced is { } value && Difference is { } difference
        ? Math.Max(Math.Abs(value), Math.Abs(Original)) is var scale and > 0 ? difference / scale : 0
        : null;

    /// <summary>Equal (NaN matches NaN), or within the relative tolerance.</summary>
    public bool Matched => Reproduced is { } value
        && (value.Equals(Original) || (Tolerance > 0 && RelativeDifference <= Tolerance));
}
