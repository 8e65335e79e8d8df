namespace Ariadne.Tracking;

/// <summary>A run with its data: the latest value of each metric, all params, tags and inputs.</summary>
public sealed record Run(
    RunInfo Info,
    IReadOnlyList<Metric> LatestMetrics,
    IReadOnlyList<Param> Params,
    IReadOnlyList<RunTag> Tags,
    IReadOnlyList<RunInput> Inputs);
