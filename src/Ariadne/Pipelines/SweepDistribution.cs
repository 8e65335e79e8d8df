namespace Ariadne.Pipelines;

/// <summary>How a sweep parameter's values are given: a list (grid or random choice), or a continuous range (random only).</summary>
public enum SweepDistribution
{
    Values,
    Uniform,
    LogUniform,
}
