namespace Ariadne.Data.Statistics;

/// <summary>The special functions the tests need, to double precision: log-gamma, the incomplete gamma function, erfc.</summary>
internal static class SpecialFunctions
{
    private static readonly double[] Lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    /// <summary>ln Γ(x) for x &gt; 0 (Lanczos approximation, g = 7).</summary>
    public static double LogGamma(double x)
    {
        if (x < 0.5)
        {
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        }

        x -= 1;
        var sum = Lanczos[0];
        var t = x + 7.5;
        for (var i = 1; i < Lanczos.Length; i++)
        {
            sum += Lanczos[i] / (x + i);
        }

        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }

    /// <summary>The regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a).</summary>
    public static double GammaQ(double a, double x)
    {
        if (x <= 0)
        {
            return 1;
        }

        if (double.IsPositiveInfinity(x))
        {
            return 0;
        }

        return x < a + 1 ? 1 - GammaPSeries(a, x) : GammaQContinuedFraction(a, x);
    }

    private static double GammaPSeries(double a, double x)
    {
        var term = 1 / a;
        var sum = term;
        for (var n = 1; n < 10_000; n++)
        {
            term *= x / (a + n);
            sum += term;
            if (Math.Abs(term) < Math.Abs(sum) * 1e-17)
            {
                break;
            }
        }

        return sum * Math.Exp(-x + a * Math.Log(x) - LogGamma(a));
    }

    private static double GammaQContinuedFraction(double a, double x)
    {
        // Modified Lentz evaluation of the continued fraction for Γ(a, x).
        const double tiny = 1e-300;
        var b = x + 1 - a;
        var c = 1 / tiny;
        var d = 1 / b;
        var h = d;
        for (var i = 1; i < 10_000; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.Abs(d) < tiny)
            {
                d = tiny;
            }

            c = b + an / c;
            if (Math.Abs(c) < tiny)
            {
                c = tiny;
            }

            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-16)
            {
                break;
            }
        }

        return Math.Exp(-x + a * Math.Log(x) - LogGamma(a)) * h;
    }

    /// <summary>The complementary error function, via erfc(x) = Q(1/2, x²) for x ≥ 0.</summary>
    public static double Erfc(double x) => x >= 0 ? GammaQ(0.5, x * x) : 2 - GammaQ(0.5, x * x);

    /// <summary>Upper tail of the chi-squared distribution with <paramref name="dof"/> degrees of freedom.</summary>
    public static double ChiSquaredSurvival(double statistic, double dof) => GammaQ(dof / 2, statistic / 2);

    /// <summary>Upper tail of the standard normal distribution.</summary>
    public static double NormalSurvival(double z) => 0.5 * Erfc(z / Math.Sqrt(2));
}
