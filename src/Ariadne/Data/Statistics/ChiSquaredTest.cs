namespace Ariadne.Data.Statistics;

/// <summary>Pearson's chi-squared goodness of fit of observed counts against expected counts (scipy.stats.chisquare).</summary>
internal static class ChiSquaredTest
{
    public static TestResult Test(ReadOnlySpan<double> observed, ReadOnlySpan<double> expected)
    {
        if (observed.Length != expected.Length || observed.Length == 0)
        {
            throw new ArgumentException("observed and expected need the same, non-zero length");
        }

        var statistic = 0.0;
        for (var i = 0; i < observed.Length; i++)
        {
            var diff = observed[i] - expected[i];
            statistic += expected[i] == 0 ? (diff == 0 ? double.NaN : double.PositiveInfinity) : diff * diff / expected[i];
        }

        if (observed.Length == 1)
        {
            return new TestResult(statistic, double.NaN);
        }

        return new TestResult(statistic, double.IsNaN(statistic) ? double.NaN : SpecialFunctions.ChiSquaredSurvival(statistic, observed.Length - 1));
    }
}
