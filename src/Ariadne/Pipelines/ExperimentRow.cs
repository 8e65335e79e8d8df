namespace Ariadne.Pipelines;

/// <summary>
/// One row of <c>ariadne exp show</c>: the workspace (<see cref="RunId"/> null) or a tracked experiment (<c>exp run</c>
/// or a sweep's trial) with every param (the workspace's values where it set none) and its metrics, named as
/// <c>metrics show</c> and the experiment runs name them (<c>train.lr</c>, <c>other.yaml:seed</c>, <c>metrics.json:acc</c>).
/// </summary>
internal sealed record ExperimentRow(
    string Name,
    string? RunId,
    string Status,
    DateTimeOffset? Created,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyDictionary<string, double> Metrics);
