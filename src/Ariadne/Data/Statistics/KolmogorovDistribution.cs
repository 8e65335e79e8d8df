namespace Ariadne.Data.Statistics;

/// <summary>
/// Survival function of the one-sample two-sided Kolmogorov-Smirnov statistic D_n, chosen by region as Simard and
/// L'Ecuyer (2011) recommend and as SciPy's kstwo does: Ruben-Gambino closed forms at the extremes, the exact
/// Smirnov sum for large deviations, the Durbin matrix (Marsaglia-Tsang-Wang) where it is cheap, Pelz-Good otherwise.
/// </summary>
internal static class KolmogorovDistribution
{
    public static double Survival(int n, double x)
    {
        if (x >= 1)
        {
            return 0;
        }

        if (x <= 0)
        {
            return 1;
        }

        var t = n * x;
        if (t <= 1)
        {
            if (t <= 0.5)
            {
                return 1;
            }

            double cdf;
            if (n <= 140)
            {
                cdf = 1;
                for (var i = 1; i <= n; i++)
                {
                    cdf *= i * (1.0 / n) * ((2 * t) - 1);
                }
            }
            else
            {
                cdf = Math.Exp(LogFactorialOverPower(n) + (n * Math.Log((2 * t) - 1)));
            }

            return Clip(1 - cdf);
        }

        if (t >= n - 1)
        {
            return Clip(2 * Math.Pow(1 - x, n));
        }

        if (x >= 0.5)
        {
            return Clip(2 * SmirnovSurvival(n, x));
        }

        var nxSquared = t * x;
        if (n <= 140)
        {
            // Both the Durbin matrix and Pomeranz's recursion are exact here; the matrix is used throughout.
            return nxSquared <= 4 ? Clip(1 - DurbinMatrixCdf(n, x)) : Clip(2 * SmirnovSurvival(n, x));
        }

        if (nxSquared >= 370)
        {
            return 0;
        }

        if (nxSquared >= 2.2)
        {
            return Clip(2 * SmirnovSurvival(n, x));
        }

        if (n <= 100_000 && n * Math.Pow(x, 1.5) <= 1.4)
        {
            return Clip(1 - DurbinMatrixCdf(n, x));
        }

        return Clip(PelzGood(n, x, survival: true));
    }

    private static double Clip(double p) => Math.Clamp(p, 0, 1);

    /// <summary>ln(n! / n^n) by Stirling's series with the n ln n term removed.</summary>
    private static double LogFactorialOverPower(int n)
    {
        double[] coefficients =
        [
            -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4,
            -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2,
        ];
        var rn = 1.0 / n;
        var u = rn / n;
        var poly = 0.0;
        foreach (var c in coefficients)
        {
            poly = (poly * u) + c;
        }

        return (Math.Log(n) / 2) - n + (Math.Log(2 * Math.PI) / 2) + (rn * poly);
    }

    /// <summary>P(D⁺_n ≥ x), the one-sided statistic, by the exact Birnbaum-Tingey sum evaluated in logs.</summary>
    internal static double SmirnovSurvival(int n, double x)
    {
        if (x <= 0)
        {
            return 1;
        }

        if (x >= 1)
        {
            return 0;
        }

        var last = (int)Math.Floor(n * (1 - x));
        var logBinomial = 0.0; // ln C(n, j)
        var sum = 0.0;
        for (var j = 0; j <= last; j++)
        {
            if (j > 0)
            {
                logBinomial += Math.Log(n - j + 1) - Math.Log(j);
            }

            var a = 1 - x - ((double)j / n);
            var b = x + ((double)j / n);
            if (a <= 0)
            {
                continue;
            }

            sum += Math.Exp(logBinomial + ((n - j) * Math.Log(a)) + ((j - 1) * Math.Log(b)));
        }

        return x * sum;
    }

    /// <summary>P(D_n ≤ d) by the Durbin matrix, computed as Marsaglia, Tsang and Wang (2003) describe.</summary>
    internal static double DurbinMatrixCdf(int n, double d)
    {
        var nd = n * d;
        if (nd <= 0.5)
        {
            return 0;
        }

        var k = (int)Math.Ceiling(nd);
        var h = k - nd;
        var m = (2 * k) - 1;
        var matrix = new double[m, m];
        var v = new double[m];
        var w = new double[m];
        var factorial = 1.0;
        for (var j = 1; j <= m; j++)
        {
            w[j - 1] = factorial; // 1 / (j-1)!
            factorial /= j;
            v[j - 1] = (1 - Math.Pow(h, j)) * factorial; // (1 - h^j) / j!
        }

        v[m - 1] = (1 + Math.Pow(Math.Max((2 * h) - 1, 0), m) - (2 * Math.Pow(h, m))) * factorial;
        for (var col = 1; col < m; col++)
        {
            for (var row = col - 1; row < m; row++)
            {
                matrix[row, col] = w[row - col + 1];
            }
        }

        for (var row = 0; row < m; row++)
        {
            matrix[row, 0] = v[row];
        }

        for (var col = 0; col < m; col++)
        {
            matrix[m - 1, col] = v[m - 1 - col];
        }

        // Raise to the n-th power by squaring, keeping a binary exponent aside so nothing overflows.
        const double scale = 3.402823669209385e38; // 2^128
        var power = Identity(m);
        var powerExponent = 0;
        var matrixExponent = 0;
        var remaining = n;
        while (remaining > 0)
        {
            if ((remaining & 1) == 1)
            {
                power = Multiply(power, matrix);
                powerExponent += matrixExponent;
            }

            matrix = Multiply(matrix, matrix);
            matrixExponent *= 2;
            if (Math.Abs(matrix[k - 1, k - 1]) > scale)
            {
                Divide(matrix, scale);
                matrixExponent += 1;
            }

            remaining >>= 1;
        }

        // p = power[k-1,k-1] * 1e140^powerExponent * n!/n^n, folded in logs.
        var p = power[k - 1, k - 1];
        if (p <= 0)
        {
            return 0;
        }

        var logP = Math.Log(p) + (powerExponent * Math.Log(scale)) + LogFactorialOverPowerExact(n);
        return Math.Exp(logP);
    }

    private static double LogFactorialOverPowerExact(int n)
    {
        var sum = 0.0;
        var logN = Math.Log(n);
        for (var i = 1; i <= n; i++)
        {
            sum += Math.Log(i) - logN;
        }

        return sum;
    }

    private static double[,] Identity(int m)
    {
        var result = new double[m, m];
        for (var i = 0; i < m; i++)
        {
            result[i, i] = 1;
        }

        return result;
    }

    private static double[,] Multiply(double[,] a, double[,] b)
    {
        var m = a.GetLength(0);
        var result = new double[m, m];
        for (var i = 0; i < m; i++)
        {
            for (var k = 0; k < m; k++)
            {
                var aik = a[i, k];
                if (aik == 0)
                {
                    continue;
                }

                for (var j = 0; j < m; j++)
                {
                    result[i, j] += aik * b[k, j];
                }
            }
        }

        return result;
    }

    private static void Divide(double[,] a, double by)
    {
        var m = a.GetLength(0);
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < m; j++)
            {
                a[i, j] /= by;
            }
        }
    }

    /// <summary>The Pelz-Good asymptotic series for P(D_n ≤ x) (or its complement), in the small-z form.</summary>
    internal static double PelzGood(int n, double x, bool survival)
    {
        var z = Math.Sqrt(n) * x;
        var z2 = z * z;
        var z4 = z2 * z2;
        var z6 = z4 * z2;
        const double pi2 = Math.PI * Math.PI;
        var pi4 = pi2 * pi2;
        var pi6 = pi4 * pi2;
        var qLog = -pi2 / 8 / z2;
        if (qLog < -708)
        {
            return survival ? 1 : 0;
        }

        var q = Math.Exp(qLog);
        var k1a = -z2;
        var k1b = pi2 / 4;
        var k2a = (6 * z6) + (2 * z4);
        var k2b = ((2 * z4) - (5 * z2)) * pi2 / 4;
        var k2c = pi4 * (1 - (2 * z2)) / 16;
        var k3d = pi6 * (5 - (30 * z2)) / 64;
        var k3c = pi4 * ((-60 * z2) + (212 * z4)) / 16;
        var k3b = pi2 * ((135 * z4) - (96 * z6)) / 4;
        var k3a = (-30 * z6) - (90 * z4 * z4);
        Span<double> terms = stackalloc double[4];
        var maxK = (int)Math.Ceiling(16 * z / Math.PI);
        for (var k = maxK; k > 0; k--)
        {
            double odd = (2 * k) - 1;
            var o2 = odd * odd;
            var o4 = o2 * o2;
            var o6 = o4 * o2;
            var qPower = Math.Pow(q, 8 * k);
            terms[0] = (terms[0] * qPower) + 1;
            terms[1] = (terms[1] * qPower) + k1a + (k1b * o2);
            terms[2] = (terms[2] * qPower) + k2a + (k2b * o2) + (k2c * o4);
            terms[3] = (terms[3] * qPower) + k3a + (k3b * o2) + (k3c * o4) + (k3d * o6);
        }

        var sqrt2Pi = Math.Sqrt(2 * Math.PI);
        double[] divisors = [z, 6 * z4, 72 * z6 * z, 6480 * z6 * z4];
        for (var i = 0; i < 4; i++)
        {
            terms[i] = terms[i] * q * sqrt2Pi / divisors[i];
        }

        var q2 = Math.Exp(-pi2 / 2 / z2);
        var sqrt3z = Math.Sqrt(3) * z;
        var extra2 = 0.0;
        var extra3 = 0.0;
        for (var k = maxK; k > 0; k--)
        {
            double kk = k * k;
            var qk = Math.Pow(q2, kk);
            extra2 += kk * qk;
            var kPi = Math.PI * k;
            extra3 += (sqrt3z + kPi) * (sqrt3z - kPi) * kk * qk;
        }

        terms[2] += extra2 * pi2 * sqrt2Pi / (-36 * z2 * z);
        terms[3] += extra3 * pi2 * sqrt2Pi / (216 * z6);
        var sum = 0.0;
        for (var i = 0; i < 4; i++)
        {
            var term = terms[i] / Math.Pow(n, i / 2.0);
            sum += survival ? (i == 0 ? 1 - term : -term) : term;
        }

        return sum;
    }
}
