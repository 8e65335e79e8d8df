namespace Ariadne.Data.Statistics;

/// <summary>Two-sample z-test for the difference of two proportions (pooled variance, two-sided), as Evidently's z-test.</summary>
internal static class ProportionZTest
{
    /// <param name="successes1">Count of the chosen category in the first sample.</param>
    public static TestResult Test(long successes1, long n1, long successes2, long n2)
    {
        var p1 = (double)successes1 / n1;
        var p2 = (double)successes2 / n2;
        var pooled = (double)(successes1 + successes2) / (n1 + n2);
        var denominator = Math.Sqrt(pooled * (1 - pooled) * ((1.0 / n1) + (1.0 / n2)));
        if (denominator == 0)
        {
            return new TestResult(0, 1);
        }

        var z = (p1 - p2) / denominator;
        return new TestResult(z, 2 * SpecialFunctions.NormalSurvival(Math.Abs(z)));
    }
}
