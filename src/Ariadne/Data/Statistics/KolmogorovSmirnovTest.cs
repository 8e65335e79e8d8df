namespace Ariadne.Data.Statistics;

/// <summary>
/// Two-sample two-sided Kolmogorov-Smirnov test, as scipy.stats.ks_2samp with method='auto': the exact distribution
/// when both samples have at most 10,000 values, the asymptotic one (Kolmogorov's D_n with n = round(mn/(m+n))) above.
/// </summary>
internal static class KolmogorovSmirnovTest
{
    public const int MaxExactSize = 10_000;

    /// <summary>Both arrays must be sorted ascending.</summary>
    public static TestResult TestSorted(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int n1 = a.Length, n2 = b.Length;
        if (n1 == 0 || n2 == 0)
        {
            throw new ArgumentException("both samples need at least one value");
        }

        var d = Statistic(a, b);
        if (Math.Max(n1, n2) <= MaxExactSize)
        {
            var g = Gcd(n1, n2);
            var lcm = (long)(n1 / g) * n2;
            var h = (long)Math.Round(d * lcm, MidpointRounding.ToEven);
            d = (double)h / lcm;
            if (h == 0)
            {
                return new TestResult(d, 1);
            }

            var p = n1 == n2 ? OutsideSquare(n1, h) : OutsideBand(n1, n2, g, h);
            return new TestResult(d, Math.Clamp(p, 0, 1));
        }

        double m = Math.Max(n1, n2), n = Math.Min(n1, n2);
        var en = m * n / (m + n);
        return new TestResult(d, KolmogorovDistribution.Survival((int)Math.Round(en, MidpointRounding.ToEven), d));
    }

    /// <summary>
    /// The test when a side is summarised rather than complete: <paramref name="a"/> and <paramref name="b"/> are sorted
    /// values whose empirical CDFs stand in for samples of <paramref name="countA"/> and <paramref name="countB"/>
    /// values (a profile keeps 1,001 quantiles of a column with more than 10,000 distinct values). D comes from the
    /// summaries (off by at most 1/1,000 from the raw data's D); the p-value uses the true sizes, with scipy's
    /// asymptotic distribution (Kolmogorov's D_n with n = round(mn/(m+n))), which scipy itself uses at these sizes.
    /// </summary>
    public static TestResult TestSummarised(ReadOnlySpan<double> a, long countA, ReadOnlySpan<double> b, long countB)
    {
        if (a.Length == countA && b.Length == countB)
        {
            return TestSorted(a, b);
        }

        if (a.Length == 0 || b.Length == 0)
        {
            throw new ArgumentException("both samples need at least one value");
        }

        var d = Statistic(a, b);
        double m = Math.Max(countA, countB), n = Math.Min(countA, countB);
        var en = m * n / (m + n);
        return new TestResult(d, KolmogorovDistribution.Survival((int)Math.Min(int.MaxValue, Math.Round(en, MidpointRounding.ToEven)), d));
    }

    /// <summary>max |F_a − F_b| over all sample points, both empirical CDFs taken right-continuous.</summary>
    public static double Statistic(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int i = 0, j = 0;
        var max = 0.0;
        while (i < a.Length && j < b.Length)
        {
            var x = Math.Min(a[i], b[j]);
            while (i < a.Length && a[i] == x)
            {
                i++;
            }

            while (j < b.Length && b[j] == x)
            {
                j++;
            }

            max = Math.Max(max, Math.Abs(((double)i / a.Length) - ((double)j / b.Length)));
        }

        return max;
    }

    /// <summary>P(D ≥ h/n) for two samples of the same size n: the reflection formula for paths leaving a square band.</summary>
    private static double OutsideSquare(int n, long h)
    {
        var probability = 0.0;
        for (var k = (long)Math.Floor((double)n / h); k >= 0; k--)
        {
            var term = 1.0;
            for (long j = 0; j < h; j++)
            {
                term = (n - (k * h) - j) * term / (n + (k * h) + j + 1);
            }

            probability = term * (1 - probability);
        }

        return 2 * probability;
    }

    /// <summary>
    /// 1 − (lattice paths from (0,0) to (n1,n2) staying strictly inside |i/n1 − j/n2| &lt; d) / C(n1+n2, n1). The
    /// dynamic programme keeps each count divided by its binomial coefficient, so every value stays in [0, 1].
    /// </summary>
    private static double OutsideBand(int n1, int n2, int g, long h)
    {
        long step1 = n2 / g; // i/n1 − j/n2 = (i·step1 − j·step2) / lcm
        long step2 = n1 / g;
        var column = new double[n2 + 1];
        column[0] = 1;
        for (var j = 1; j <= n2; j++)
        {
            column[j] = Math.Abs(-j * step2) < h ? column[j - 1] : 0;
        }

        var previousLow = 0L;
        for (var i = 1; i <= n1; i++)
        {
            // Only cells near the band can be non-zero; cells that left it since the last column are zeroed here.
            var low = Math.Min(previousLow, Math.Max(0, (long)Math.Floor(((double)(i * step1) - h) / step2) - 1));
            previousLow = Math.Max(0, (long)Math.Floor(((double)(i * step1) - h) / step2) - 1);
            var high = Math.Min(n2, (long)Math.Ceiling(((double)(i * step1) + h) / step2) + 1);
            for (var j = low; j <= high; j++)
            {
                if (Math.Abs((i * step1) - (j * step2)) >= h)
                {
                    column[j] = 0;
                }
                else if (j > 0)
                {
                    column[j] = ((i * column[j]) + (j * column[j - 1])) / (i + j);
                }

                // j == 0: only reachable from (i − 1, 0), and C(i, 0) = 1, so the value carries over.
            }
        }

        return 1 - column[n2];
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
