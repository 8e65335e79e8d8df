namespace Ariadne.Data.Drift;

/// <summary>The per-column drift tests. <see cref="Auto"/> chooses as Evidently does (see <see cref="DriftDetector.Choose"/>).</summary>
public enum DriftTest
{
    Auto,
    KolmogorovSmirnov,
    ChiSquared,
    ZTest,
    Wasserstein,
    JensenShannon,
    Psi,
}

public static class DriftTests
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
