using System.Text.Json.Nodes;
using Ariadne.Data.Statistics;
using Ariadne.Tests.Support;

namespace Ariadne.Tests.Data;

/// <summary>Every statistic against SciPy's reference implementation, to 1e-6.</summary>
[Trait("Service", "Python")]
public sealed class StatisticsTests
{
    private const double Tolerance = 1e-6;

    internal static double[] Normal(int seed, int count, double mean = 0, double sd = 1, int? roundTo = null)
    {
        var random = new Random(seed);
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            var x = mean + (sd * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
            values[i] = roundTo is { } digits ? Math.Round(x, digits) : x;
        }

        return values;
    }

    private static double[] Sorted(double[] values)
    {
        var copy = (double[])values.Clone();
        Array.Sort(copy);
        return copy;
    }

    private static void Near(double expected, double actual, string what)
    {
        var scale = Math.Max(1, Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= Tolerance * scale, $"{what}: scipy {expected:R}, ariadne {actual:R}");
    }

    [Fact]
    public void Kolmogorov_Smirnov_two_sample_matches_scipy_exact_and_asymptotic()
    {
        var samples = new List<(double[] A, double[] B)>
        {
            (Normal(1, 20), Normal(2, 20, 0.5)),
            (Normal(3, 50), Normal(4, 37, 0.3)),
            (Normal(5, 300), Normal(6, 250, 0.1)),
            (Normal(7, 100, roundTo: 0), Normal(8, 100, 0.2, roundTo: 0)),
            (Normal(9, 1000), Normal(10, 1000)),
            (Normal(11, 999), Normal(12, 1000, 0.05)),
            (Normal(13, 12_000), Normal(14, 15_000, 0.02)),
            (Normal(15, 800), Normal(16, 20_000, 0.1)),
            (Normal(17, 60), Normal(18, 30_000, 0.3)),
            (Normal(19, 50_000), Normal(20, 40_000, 0.01)),
        };
        var cases = new JsonObject
        {
            ["ks"] = new JsonArray([.. samples.Select(s => (JsonNode)new JsonObject { ["a"] = ScipyReference.Array(s.A), ["b"] = ScipyReference.Array(s.B) })]),
        };
        var expected = ScipyReference.Compute(cases)["ks"]!.AsArray();
        for (var i = 0; i < samples.Count; i++)
        {
            var result = KolmogorovSmirnovTest.TestSorted(Sorted(samples[i].A), Sorted(samples[i].B));
            Near(expected[i]![0]!.GetValue<double>(), result.Statistic, $"case {i} statistic");
            Near(expected[i]![1]!.GetValue<double>(), result.PValue, $"case {i} p-value");
        }
    }

    [Fact]
    public void Kolmogorov_distribution_matches_scipy_kstwo_in_every_region()
    {
        var points = new List<(int N, double X)>();
        foreach (var n in new[] { 5, 10, 40, 140, 141, 500, 2000, 10_000, 150_000, 1_000_000 })
        {
            foreach (var x in new[] { 0.3 / n, 0.7 / n, 1.5 / n, 0.5 / Math.Sqrt(n), 0.8 / Math.Sqrt(n), 1.0 / Math.Sqrt(n), 1.3 / Math.Sqrt(n), 1.6 / Math.Sqrt(n), 2.5 / Math.Sqrt(n), 5.0 / Math.Sqrt(n), 0.6, 1 - (0.5 / n) })
            {
                if (x is > 0 and < 1)
                {
                    points.Add((n, x));
                }
            }
        }

        var cases = new JsonObject { ["kstwo"] = new JsonArray([.. points.Select(p => (JsonNode)new JsonArray(p.N, p.X))]) };
        var expected = ScipyReference.Compute(cases)["kstwo"]!.AsArray();
        for (var i = 0; i < points.Count; i++)
        {
            Near(expected[i]!.GetValue<double>(), KolmogorovDistribution.Survival(points[i].N, points[i].X), $"kstwo.sf({points[i].X:R}, {points[i].N})");
        }
    }

    [Fact]
    public void Chi_squared_z_test_wasserstein_and_jensen_shannon_match_scipy()
    {
        double[][] observed = [[10, 20, 30], [5, 0, 7, 100], [1000, 1010, 990, 1005, 995], [3, 9]];
        double[][] expectedCounts = [[20, 20, 20], [10, 10, 10, 82], [1000, 1000, 1000, 1000, 1000], [6, 6]];
        long[][] proportions = [[30, 100, 45, 100], [5, 1000, 9, 1200], [500, 1000, 500, 1000], [1, 20, 19, 20]];
        var wasserstein = new List<(double[] A, double[] B)>
        {
            (Normal(21, 100), Normal(22, 80, 1)),
            (Normal(23, 5000, roundTo: 1), Normal(24, 7000, 0.1, 2, roundTo: 1)),
            ([1, 1, 1, 2], [1, 2, 3, 4, 5]),
        };
        double[][] p = [[0.1, 0.2, 0.7], [0.5, 0.5, 0], [1, 2, 3, 4], [0.25, 0.25, 0.25, 0.25]];
        double[][] q = [[0.2, 0.2, 0.6], [0, 0.5, 0.5], [4, 3, 2, 1], [0.25, 0.25, 0.25, 0.25]];
        var cases = new JsonObject
        {
            ["chisquare"] = new JsonArray([.. observed.Select((o, i) => (JsonNode)new JsonObject { ["observed"] = ScipyReference.Array(o), ["expected"] = ScipyReference.Array(expectedCounts[i]) })]),
            ["ztest"] = new JsonArray([.. proportions.Select(z => (JsonNode)new JsonArray(z[0], z[1], z[2], z[3]))]),
            ["wasserstein"] = new JsonArray([.. wasserstein.Select(w => (JsonNode)new JsonObject { ["a"] = ScipyReference.Array(w.A), ["b"] = ScipyReference.Array(w.B) })]),
            ["jensenshannon"] = new JsonArray([.. p.Select((x, i) => (JsonNode)new JsonObject { ["p"] = ScipyReference.Array(x), ["q"] = ScipyReference.Array(q[i]) })]),
        };
        var expected = ScipyReference.Compute(cases);
        for (var i = 0; i < observed.Length; i++)
        {
            var result = ChiSquaredTest.Test(observed[i], expectedCounts[i]);
            Near(expected["chisquare"]![i]![0]!.GetValue<double>(), result.Statistic, $"chisquare {i} statistic");
            Near(expected["chisquare"]![i]![1]!.GetValue<double>(), result.PValue, $"chisquare {i} p-value");
        }

        for (var i = 0; i < proportions.Length; i++)
        {
            var z = proportions[i];
            var result = ProportionZTest.Test(z[0], z[1], z[2], z[3]);
            Near(expected["ztest"]![i]![0]!.GetValue<double>(), result.Statistic, $"z {i}");
            Near(expected["ztest"]![i]![1]!.GetValue<double>(), result.PValue, $"z {i} p-value");
        }

        for (var i = 0; i < wasserstein.Count; i++)
        {
            Near(expected["wasserstein"]![i]!.GetValue<double>(), WassersteinDistance.BetweenSorted(Sorted(wasserstein[i].A), Sorted(wasserstein[i].B)), $"wasserstein {i}");
        }

        for (var i = 0; i < p.Length; i++)
        {
            Near(expected["jensenshannon"]![i]!.GetValue<double>(), JensenShannonDistance.Between(p[i], q[i]), $"jensenshannon {i}");
        }
    }
}
