namespace Ariadne.Data.Profiling;

/// <summary>Quantiles and histograms computed the way NumPy does (linear interpolation; Sturges bins with equal width).</summary>
internal static class Quantiles
{
    /// <summary>numpy.quantile with the default 'linear' method, on sorted values.</summary>
    public static double Of(ReadOnlySpan<double> sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        var fraction = position - lower;
        var a = sorted[lower];
        var b = sorted[upper];
        return fraction >= 0.5 ? b - ((b - a) * (1 - fraction)) : a + ((b - a) * fraction);
    }

    /// <summary>numpy.histogram_bin_edges(values, bins='sturges') for values whose minimum and maximum are given.</summary>
    public static double[] SturgesEdges(double min, double max, long count)
    {
        if (min == max)
        {
            min -= 0.5;
            max += 0.5;
        }

        var range = max - min;
        var width = range / (Math.Log2(count) + 1.0);
        var bins = width > 0 ? (int)Math.Ceiling(range / width) : 1;
        return LinearEdges(min, max, bins);
    }

    /// <summary>numpy.linspace(min, max, bins + 1).</summary>
    public static double[] LinearEdges(double min, double max, int bins)
    {
        var edges = new double[bins + 1];
        var step = (max - min) / bins;
        for (var i = 0; i < bins; i++)
        {
            edges[i] = (i * step) + min;
        }

        edges[bins] = max;
        return edges;
    }

    /// <summary>numpy.histogram counts for sorted values: [e_i, e_i+1), the last bin closed; values outside are not counted.</summary>
    public static long[] Histogram(ReadOnlySpan<double> sorted, double[] edges)
    {
        var counts = new long[edges.Length - 1];
        var previous = LowerBound(sorted, edges[0]);
        for (var i = 1; i < edges.Length; i++)
        {
            var next = i == edges.Length - 1 ? UpperBound(sorted, edges[i]) : LowerBound(sorted, edges[i]);
            counts[i - 1] = next - previous;
            previous = next;
        }

        return counts;
    }

    private static int LowerBound(ReadOnlySpan<double> sorted, double value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (sorted[mid] < value) { low = mid + 1; } else { high = mid; }
        }

        return low;
    }

    private static int UpperBound(ReadOnlySpan<double> sorted, double value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (sorted[mid] <= value) { low = mid + 1; } else { high = mid; }
        }

        return low;
    }
}
