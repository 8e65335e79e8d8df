namespace Ariadne.Data.Drift;

/// <summary>The per-column drift tests. <see cref="Auto"/> chooses as Evidently does (see <see cref="DriftDetector.Choose"/>).</summary>
public enum DriftTest
{
    /// <summary>Chosen per column from its kind and sample size.</summary>
    Auto,
    /// <summary>Two-sample Kolmogorov–Smirnov test (numeric columns; p-value).</summary>
    KolmogorovSmirnov,
    /// <summary>Chi-squared test of the category counts (categorical columns; p-value).</summary>
    ChiSquared,
    /// <summary>Two-proportion z-test (binary columns; p-value).</summary>
    ZTest,
    /// <summary>Wasserstein distance normalised by the reference standard deviation (numeric columns; distance).</summary>
    Wasserstein,
    /// <summary>Jensen–Shannon distance between the binned distributions (distance).</summary>
    JensenShannon,
    /// <summary>Population stability index between the binned distributions (index).</summary>
    Psi,
}

internal static class DriftTests
{
    public static string Name(this DriftTest test) => test switch
    {
        DriftTest.KolmogorovSmirnov => "ks",
        DriftTest.ChiSquared => "chisquare",
        DriftTest.ZTest => "z",
        DriftTest.Wasserstein => "wasserstein",
        DriftTest.JensenShannon => "jensenshannon",
        DriftTest.Psi => "psi",
        _ => "auto",
    };

    public static DriftTest Parse(string name) => name.ToLowerInvariant() switch
    {
        "ks" or "kolmogorov-smirnov" => DriftTest.KolmogorovSmirnov,
        "chisquare" or "chi2" or "chi-squared" => DriftTest.ChiSquared,
        "z" or "ztest" or "z-test" => DriftTest.ZTest,
        "wasserstein" or "wasserstein_distance" => DriftTest.Wasserstein,
        "jensenshannon" or "js" => DriftTest.JensenShannon,
        "psi" => DriftTest.Psi,
        "auto" => DriftTest.Auto,
        _ => throw AriadneException.InvalidArgument($"Unknown drift test '{name}'. Known tests: auto, ks, chisquare, z, wasserstein, jensenshannon, psi."),
    };

    /// <summary>True for tests that give a p-value (drift when p &lt; threshold); false for distances (drift when distance ≥ threshold).</summary>
    public static bool IsHypothesisTest(this DriftTest test) => test is DriftTest.KolmogorovSmirnov or DriftTest.ChiSquared or DriftTest.ZTest;

    /// <summary>Evidently's default thresholds: 0.05 for p-values, 0.1 for distances and PSI.</summary>
    public static double DefaultThreshold(this DriftTest test) => test.IsHypothesisTest() ? 0.05 : 0.1;
}
