namespace Ariadne.Pipelines;

/// <summary>How a sweep parameter's values are given: a list (grid or random choice), or a continuous range (random only).</summary>
internal enum SweepDistribution
{
    Values,
    Uniform,
    LogUniform,
}
