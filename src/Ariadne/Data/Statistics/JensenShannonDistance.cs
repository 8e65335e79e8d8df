namespace Ariadne.Data.Statistics;

/// <summary>Jensen-Shannon distance of two discrete distributions, natural log (scipy.spatial.distance.jensenshannon).</summary>
internal static class JensenShannonDistance
{
    public static double Between(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        var sumP = 0.0;
        var sumQ = 0.0;
        for (var i = 0; i < p.Length; i++)
        {
            sumP += p[i];
            sumQ += q[i];
        }

        var divergence = 0.0;
        for (var i = 0; i < p.Length; i++)
        {
            var a = p[i] / sumP;
            var b = q[i] / sumQ;
            var m = (a + b) / 2;
            divergence += RelativeEntropy(a, m) + RelativeEntropy(b, m);
        }

        return Math.Sqrt(divergence / 2);
    }

    private static double RelativeEntropy(double x, double y) => x > 0 && y > 0 ? x * Math.Log(x / y) : x == 0 && y >= 0 ? 0 : double.PositiveInfinity;
}
