namespace Ariadne.Data.Statistics;

/// <summary>The first Wasserstein (earth mover's) distance between two samples: ∫|F_u − F_v| (scipy.stats.wasserstein_distance).</summary>
internal static class WassersteinDistance
{
    /// <summary>Both arrays must be sorted ascending.</summary>
    public static double BetweenSorted(ReadOnlySpan<double> u, ReadOnlySpan<double> v)
    {
        if (u.Length == 0 || v.Length == 0)
        {
            throw new ArgumentException("both samples need at least one value");
        }

        // Walk the merged order; between consecutive values the two empirical CDFs are constant.
        int i = 0, j = 0;
        var total = 0.0;
        var previous = Math.Min(u[0], v[0]);
        while (i < u.Length || j < v.Length)
        {
            var next = j >= v.Length || (i < u.Length && u[i] <= v[j]) ? u[i] : v[j];
            total += Math.Abs(((double)i / u.Length) - ((double)j / v.Length)) * (next - previous);
            while (i < u.Length && u[i] == next)
            {
                i++;
            }

            while (j < v.Length && v[j] == next)
            {
                j++;
            }

            previous = next;
        }

        return total;
    }
}
