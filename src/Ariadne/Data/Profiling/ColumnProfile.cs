namespace Ariadne.Data.Profiling;

/// <summary>One column's summary. Numeric fields are null for categorical columns; the standard deviation is the sample one (n − 1), as pandas reports it.</summary>
public sealed record ColumnProfile(
    string Name,
    ColumnKind Kind,
    long Count,
    long Nulls,
    long Distinct,
    double? Min,
    double? Max,
    double? Mean,
    double? StandardDeviation,
    IReadOnlyList<KeyValuePair<double, double>> Quantiles,
    Histogram? Histogram,
    IReadOnlyList<CategoryCount> TopCategories,
    string? MixedExample,
    ColumnDistribution Distribution)
{
    /// <summary>The share of missing values among all rows (0 for an empty table).</summary>
    public double NullShare => Count + Nulls == 0 ? 0 : (double)Nulls / (Count + Nulls);
}
