namespace Ariadne.Data.Holdout;

/// <summary>
/// Thresholdout (Dwork, Feldman, Hardt, Pitassi, Reingold, Roth: "The reusable holdout", Science 349, 2015): answers a
/// query with the training value unless the holdout value differs by more than a noisy threshold; only then does it
/// answer (with Laplace noise) from the holdout and spend one unit of budget. With threshold T, noise scale σ and
/// budget B: T̂ = T + Lap(2σ); per query η = Lap(4σ); if |holdout − train| &gt; T̂ + η, answer holdout + Lap(σ),
/// draw a new T̂ and spend one; else answer train. When the budget is spent, queries fail.
/// </summary>
public sealed class ReusableHoldout
{
    private readonly Random _random;
    private double _noisyThreshold;

    /// <summary>A Thresholdout mechanism with threshold T, Laplace noise scale σ, a budget of answers from the holdout, and a seed that makes the noise reproducible.</summary>
    public ReusableHoldout(double threshold, double sigma, int budget, int seed)
    {
        if (threshold < 0 || sigma < 0 || budget < 1)
        {
            throw AriadneException.InvalidArgument("Thresholdout needs threshold ≥ 0, sigma ≥ 0 and a budget of at least 1.");
        }

        Threshold = threshold;
        Sigma = sigma;
        Budget = budget;
        Remaining = budget;
        _random = new Random(seed);
        _noisyThreshold = threshold + Laplace(2 * sigma);
    }

    /// <summary>The threshold T the holdout value must differ by before it is answered.</summary>
    public double Threshold { get; }

    /// <summary>The Laplace noise scale σ.</summary>
    public double Sigma { get; }

    /// <summary>How many queries may be answered from the holdout.</summary>
    public int Budget { get; }

    /// <summary>How many holdout answers are left.</summary>
    public int Remaining { get; private set; }

    /// <summary>How many queries were asked so far.</summary>
    public int Queries { get; private set; }

    /// <summary>Answers one query, given the statistic (e.g. accuracy) on the training set and on the holdout set.</summary>
    public HoldoutAnswer Query(double trainValue, double holdoutValue)
    {
        if (Remaining < 1)
        {
            throw new AriadneException(ErrorCode.HoldoutBudgetExceeded, $"The reusable holdout has spent its budget of {Budget} over-threshold answers after {Queries} queries. Further answers would overfit the holdout; collect a fresh holdout set.");
        }

        Queries++;
        var eta = Laplace(4 * Sigma);
        if (Math.Abs(holdoutValue - trainValue) > _noisyThreshold + eta)
        {
            Remaining--;
            _noisyThreshold = Threshold + Laplace(2 * Sigma);
            return new HoldoutAnswer(holdoutValue + Laplace(Sigma), FromHoldout: true);
        }

        return new HoldoutAnswer(trainValue, FromHoldout: false);
    }

    private double Laplace(double scale)
    {
        if (scale == 0)
        {
            return 0;
        }

        var u = _random.NextDouble() - 0.5;
        return -scale * Math.Sign(u) * Math.Log(1 - (2 * Math.Abs(u)));
    }
}

/// <summary>A Thresholdout answer, and whether it came from the holdout (and spent budget).</summary>
public readonly record struct HoldoutAnswer(double Value, bool FromHoldout);
