namespace Ariadne.Data.Drift;

/// <summary>One column's drift test. <see cref="PValue"/> is NaN for distances; <see cref="Exact"/> is false when the reference came from a profile's quantile sketch.</summary>
public sealed record ColumnDrift(
    string Column,
    bool Numeric,
    DriftTest Test,
    double Statistic,
    double PValue,
    double Threshold,
    bool Drifted,
    long ReferenceCount,
    long CurrentCount,
    bool Exact)
{
    /// <summary>The number compared with the threshold: the p-value for tests, the statistic for distances.</summary>
    public double Score => Test.IsHypothesisTest() ? PValue : Statistic;
}
