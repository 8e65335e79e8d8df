namespace Ariadne.Data.Profiling;

/// <summary>
/// A column's values as the drift tests need them: sorted numbers, or counts per category. Read from data it is exact;
/// read from a profile it is exact when the column had at most <see cref="DataProfiler.ExactDistinctLimit"/> distinct
/// values, and otherwise rebuilt from 1,001 stored quantiles (<see cref="Exact"/> false).
/// </summary>
public sealed class ColumnDistribution
{
    private ColumnDistribution(string name, bool isNumeric, long count, double[]? sorted, Dictionary<string, long>? counts, bool exact)
    {
        Name = name;
        IsNumeric = isNumeric;
        Count = count;
        Sorted = sorted ?? [];
        Counts = counts ?? new Dictionary<string, long>(StringComparer.Ordinal);
        Exact = exact;
    }

    /// <summary>The column's name.</summary>
    public string Name { get; }

    /// <summary>True for numbers (<see cref="Sorted"/>), false for categories (<see cref="Counts"/>).</summary>
    public bool IsNumeric { get; }

    /// <summary>Non-missing values in the column.</summary>
    public long Count { get; }

    /// <summary>The non-missing numbers in ascending order (empty for a categorical column).</summary>
    public double[] Sorted { get; }

    /// <summary>The count of each category (empty for a numeric column).</summary>
    public Dictionary<string, long> Counts { get; }

    /// <summary>False when rebuilt from a profile's quantiles rather than the full values.</summary>
    public bool Exact { get; }

    internal static ColumnDistribution Numeric(string name, double[] sorted, bool exact = true, long? count = null) =>
        new(name, true, count ?? sorted.Length, sorted, null, exact);

    internal static ColumnDistribution Categorical(string name, Dictionary<string, long> counts, bool exact = true) =>
        new(name, false, counts.Values.Sum(), null, counts, exact);

    internal static ColumnDistribution From(ColumnValues values) => values.IsNumeric
        ? Numeric(values.Name, values.SortedNumbers())
        : Categorical(values.Name, values.CategoryCounts());

    /// <summary>Distinct non-missing values.</summary>
    public long Distinct()
    {
        if (!IsNumeric)
        {
            return Counts.Count;
        }

        long distinct = 0;
        for (var i = 0; i < Sorted.Length; i++)
        {
            if (i == 0 || Sorted[i] != Sorted[i - 1])
            {
                distinct++;
            }
        }

        return distinct;
    }
}
