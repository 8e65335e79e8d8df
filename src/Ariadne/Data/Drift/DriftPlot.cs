using Ariadne.Data.Profiling;

namespace Ariadne.Data.Drift;

/// <summary>
/// A PNG per column: reference (blue) and current (orange) shares side by side in each bin, over common bins (Sturges
/// bins over both samples for numbers, the 30 most frequent reference categories otherwise). The picture carries no
/// text; the report names the file after the column and lists the bins.
/// </summary>
internal static class DriftPlot
{
    private static readonly (byte, byte, byte) ReferenceColor = (31, 119, 180);
    private static readonly (byte, byte, byte) CurrentColor = (255, 127, 14);
    private static readonly (byte, byte, byte) AxisColor = (60, 60, 60);
    private static readonly (byte, byte, byte) GridColor = (225, 225, 225);

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
            using var stream = File.Create(Path.Combine(folder, name));
            Draw(pair.Reference, pair.Current).Save(stream);
            files[column.Column] = name;
        }

        return files;
    }

    private static string FileName(string column, int index)
    {
        var safe = new string([.. column.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]);
        return $"{index + 1:000}-{(safe.Length > 60 ? safe[..60] : safe)}.png";
    }

    internal static PngCanvas Draw(ColumnDistribution reference, ColumnDistribution current)
    {
        double[] r, c;
        if (reference.IsNumeric && current.IsNumeric)
        {
            var min = Math.Min(reference.Sorted[0], current.Sorted[0]);
            var max = Math.Max(reference.Sorted[^1], current.Sorted[^1]);
            var edges = Quantiles.SturgesEdges(min, max, Math.Min(reference.Sorted.Length + current.Sorted.Length, 1 << 20));
            r = [.. Quantiles.Histogram(reference.Sorted, edges).Select(n => (double)n / reference.Sorted.Length)];
            c = [.. Quantiles.Histogram(current.Sorted, edges).Select(n => (double)n / current.Sorted.Length)];
        }
        else
        {
            var keys = reference.Counts.OrderByDescending(p => p.Value).Select(p => p.Key)
                .Concat(current.Counts.OrderByDescending(p => p.Value).Select(p => p.Key)).Distinct().Take(30).ToList();
            r = [.. keys.Select(k => (double)reference.Counts.GetValueOrDefault(k) / Math.Max(1, reference.Count))];
            c = [.. keys.Select(k => (double)current.Counts.GetValueOrDefault(k) / Math.Max(1, current.Count))];
        }

        const int width = 720, height = 360, left = 40, right = 20, top = 20, bottom = 30;
        var canvas = new PngCanvas(width, height, (255, 255, 255));
        var plotWidth = width - left - right;
        var plotHeight = height - top - bottom;
        var highest = Math.Max(r.DefaultIfEmpty(0).Max(), c.DefaultIfEmpty(0).Max());
        highest = highest <= 0 ? 1 : highest;
        for (var g = 1; g <= 4; g++)
        {
            canvas.FillRectangle(left, top + plotHeight - (plotHeight * g / 4), plotWidth, 1, GridColor);
        }

        var bins = Math.Max(1, r.Length);
        var binWidth = (double)plotWidth / bins;
        for (var i = 0; i < r.Length; i++)
        {
            var x = left + (int)(i * binWidth);
            var barWidth = Math.Max(1, (int)(binWidth * 0.4));
            var refHeight = (int)Math.Round(plotHeight * r[i] / highest);
            var curHeight = (int)Math.Round(plotHeight * c[i] / highest);
            canvas.FillRectangle(x + (int)(binWidth * 0.1), top + plotHeight - refHeight, barWidth, refHeight, ReferenceColor);
            canvas.FillRectangle(x + (int)(binWidth * 0.5), top + plotHeight - curHeight, barWidth, curHeight, CurrentColor);
        }

        canvas.FillRectangle(left, top, 2, plotHeight + 1, AxisColor);
        canvas.FillRectangle(left, top + plotHeight, plotWidth, 2, AxisColor);
        // Legend: two swatches in the top right corner, reference then current.
        canvas.FillRectangle(width - right - 60, top, 24, 10, ReferenceColor);
        canvas.FillRectangle(width - right - 30, top, 24, 10, CurrentColor);
        return canvas;
    }
}
