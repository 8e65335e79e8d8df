using System.Globalization;
using Ariadne.Data.Profiling;
using ScottPlot;

namespace Ariadne.Data.Drift;

/// <summary>
/// A PNG per drifted column, drawn with ScottPlot: reference (blue) and current (orange) shares of rows side by side
/// in each bin, over common bins (Sturges bins over both samples for numbers, the 30 most frequent categories
/// otherwise). The title names the column, the test and its result; the x axis is the column, the y axis the share.
/// </summary>
internal static class DriftPlot
{
    internal const int Width = 800;
    internal const int Height = 400;
    internal static readonly Color ReferenceColor = Color.FromHex("#1F77B4");
    internal static readonly Color CurrentColor = Color.FromHex("#FF7F0E");
    private const int MaxCategories = 30;

    /// <summary>Writes one PNG per drifted column into <paramref name="folder"/>; returns column name → file name.</summary>
    public static IReadOnlyDictionary<string, string> WriteDrifted(DriftReport report, string folder)
    {
        Directory.CreateDirectory(folder);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var column in report.Columns.Where(c => c.Drifted))
        {
            if (!report.Pairs.TryGetValue(column.Column, out var pair))
            {
                continue;
            }

            var name = FileName(column.Column, files.Count);
            File.WriteAllBytes(Path.Combine(folder, name), Png(column, pair.Reference, pair.Current));
            files[column.Column] = name;
        }

        return files;
    }

    private static string FileName(string column, int index)
    {
        var safe = new string([.. column.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]);
        return $"{index + 1:000}-{(safe.Length > 60 ? safe[..60] : safe)}.png";
    }

    /// <summary>The plot of one column as PNG bytes, <see cref="Width"/> by <see cref="Height"/> pixels.</summary>
    internal static byte[] Png(ColumnDrift column, ColumnDistribution reference, ColumnDistribution current)
    {
        var plot = new Plot();
        var numeric = reference.IsNumeric && current.IsNumeric;
        var bins = numeric ? NumericBins(reference, current) : CategoryBins(reference, current);
        var slot = bins.Width * 0.4;
        AddSeries(plot, bins.Centers, bins.Reference, -slot / 2, slot, ReferenceColor, $"reference ({reference.Count:N0} rows)");
        AddSeries(plot, bins.Centers, bins.Current, slot / 2, slot, CurrentColor, $"current ({current.Count:N0} rows)");
        if (!numeric)
        {
            plot.Axes.Bottom.SetTicks(bins.Centers, [.. bins.Labels]);
            if (bins.Labels.Count > 6 || bins.Labels.Any(l => l.Length > 10))
            {
                // Slanted labels need room below the axis for their length (about 7 pixels a character at 45°) and the axis label.
                plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
                plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
                plot.Axes.Bottom.MinimumSize = 40 + (float)(bins.Labels.Max(l => l.Length) * 7 * Math.Sqrt(0.5));
            }
        }

        plot.Axes.Margins(bottom: 0, top: 0.3); // the legend sits in the free band above the bars
        plot.Title(Title(column));
        plot.XLabel(numeric ? column.Column : $"{column.Column} (category)");
        plot.YLabel("share of rows");
        plot.ShowLegend(Alignment.UpperRight);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    private static void AddSeries(Plot plot, double[] centers, double[] shares, double offset, double size, Color color, string legend)
    {
        var bars = plot.Add.Bars(centers.Select(c => c + offset).ToArray(), shares);
        bars.Color = color;
        bars.LegendText = legend;
        foreach (var bar in bars.Bars)
        {
            bar.Size = size;
            bar.LineWidth = 0;
        }
    }

    private static string Title(ColumnDrift column)
    {
        var result = column.Test.IsHypothesisTest()
            ? $"p-value {column.PValue.ToString("G3", CultureInfo.InvariantCulture)} < {column.Threshold.ToString("G3", CultureInfo.InvariantCulture)}"
            : $"{column.Statistic.ToString("G3", CultureInfo.InvariantCulture)} ≥ {column.Threshold.ToString("G3", CultureInfo.InvariantCulture)}";
        return $"Drift in {column.Column}: {column.Test.Name()} {result}";
    }

    private sealed record Bins(double[] Centers, double Width, double[] Reference, double[] Current, IReadOnlyList<string> Labels);

    private static Bins NumericBins(ColumnDistribution reference, ColumnDistribution current)
    {
        var min = Math.Min(reference.Sorted[0], current.Sorted[0]);
        var max = Math.Max(reference.Sorted[^1], current.Sorted[^1]);
        var edges = Quantiles.SturgesEdges(min, max, Math.Min(reference.Sorted.Length + current.Sorted.Length, 1 << 20));
        var centers = new double[edges.Length - 1];
        for (var i = 0; i < centers.Length; i++)
        {
            centers[i] = (edges[i] + edges[i + 1]) / 2;
        }

        var width = centers.Length > 0 && edges[^1] > edges[0] ? (edges[^1] - edges[0]) / centers.Length : 1;
        return new Bins(centers, width, Shares(Quantiles.Histogram(reference.Sorted, edges), reference.Sorted.Length),
            Shares(Quantiles.Histogram(current.Sorted, edges), current.Sorted.Length), []);
    }

    private static Bins CategoryBins(ColumnDistribution reference, ColumnDistribution current)
    {
        var keys = reference.Counts.OrderByDescending(p => p.Value).Select(p => p.Key)
            .Concat(current.Counts.OrderByDescending(p => p.Value).Select(p => p.Key)).Distinct().Take(MaxCategories).ToList();
        return new Bins([.. Enumerable.Range(0, keys.Count).Select(i => (double)i)], 1,
            [.. keys.Select(k => (double)reference.Counts.GetValueOrDefault(k) / Math.Max(1, reference.Count))],
            [.. keys.Select(k => (double)current.Counts.GetValueOrDefault(k) / Math.Max(1, current.Count))],
            [.. keys.Select(k => k.Length > 20 ? k[..19] + "…" : k)]);
    }

    private static double[] Shares(IEnumerable<long> counts, long total) => [.. counts.Select(n => (double)n / Math.Max(1, total))];
}
