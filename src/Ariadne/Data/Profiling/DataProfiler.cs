using Ariadne.Data.Reading;

namespace Ariadne.Data.Profiling;

/// <summary>Profiles a data file: per column count, nulls, distinct, min/max, mean, standard deviation, quantiles, histogram and top categories.</summary>
public static class DataProfiler
{
    /// <summary>Columns with at most this many distinct values keep their full distribution in the profile.</summary>
    public const int ExactDistinctLimit = 10_000;

    /// <summary>The quantiles a profile reports for numeric columns.</summary>
    public static readonly double[] ReportedQuantiles = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];

    /// <summary>How many of the most frequent categories a profile lists.</summary>
    public const int TopCategoryCount = 10;

    /// <summary>Profiles a table (CSV, TSV, JSON, JSON Lines or Parquet, by extension unless <paramref name="format"/> says), streaming it batch by batch: counts, missing values, distinct values, statistics, histograms and top categories per column.</summary>
    public static async Task<DataProfile> ProfileAsync(string path, TableFormat? format = null, TimeProvider? time = null, CancellationToken cancellationToken = default, TableReadOptions? reading = null)
    {
        var (columns, rows) = await ColumnValues.ReadAsync(path, format, cancellationToken: cancellationToken, reading: reading).ConfigureAwait(false);
        var profiles = new ColumnProfile[columns.Count];
        Parallel.For(0, columns.Count, c => profiles[c] = Profile(columns[c]));
        return new DataProfile(Path.GetFileName(path), (format ?? TableFormats.FromPath(path)).ToString().ToLowerInvariant(), rows, profiles, (time ?? TimeProvider.System).GetUtcNow());
    }

    internal static ColumnProfile Profile(ColumnValues values)
    {
        var distribution = ColumnDistribution.From(values);
        var count = values.NumberCount + values.TextCount;
        var kind = count == 0 ? ColumnKind.Empty : values.IsNumeric ? ColumnKind.Numeric : values.IsMixed ? ColumnKind.Mixed : ColumnKind.Categorical;
        string? mixed = null;
        if (kind == ColumnKind.Mixed)
        {
            var (textRow, text) = values.FirstText!.Value;
            var (numberRow, number) = values.FirstNumber!.Value;
            mixed = $"{values.NumberCount} number(s) (first in row {numberRow}: {number.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}) and {values.TextCount} text value(s) (first in row {textRow}: '{text}')";
        }

        if (kind != ColumnKind.Numeric)
        {
            var top = distribution.Counts
                .OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
                .Take(TopCategoryCount).Select(p => new CategoryCount(p.Key, p.Value)).ToList();
            return new ColumnProfile(values.Name, kind, count, values.Nulls, distribution.Counts.Count, null, null, null, null, [], null, top, mixed, distribution);
        }

        var sorted = distribution.Sorted;
        var n = sorted.Length;
        var sum = 0.0;
        foreach (var v in sorted)
        {
            sum += v;
        }

        var mean = sum / n;
        var squares = 0.0;
        foreach (var v in sorted)
        {
            squares += (v - mean) * (v - mean);
        }

        var std = n > 1 ? Math.Sqrt(squares / (n - 1)) : double.NaN;
        var quantiles = ReportedQuantiles.Select(q => new KeyValuePair<double, double>(q, Quantiles.Of(sorted, q))).ToList();
        var edges = Quantiles.SturgesEdges(sorted[0], sorted[^1], n);
        var histogram = new Histogram(edges, Quantiles.Histogram(sorted, edges));
        return new ColumnProfile(values.Name, kind, count, values.Nulls, distribution.Distinct(), sorted[0], sorted[^1], mean, std, quantiles, histogram, [], null, distribution);
    }
}
