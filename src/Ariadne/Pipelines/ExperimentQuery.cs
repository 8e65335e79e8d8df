namespace Ariadne.Pipelines;

/// <summary>
/// What <c>ariadne exp show</c> lists: param and metric columns matching the globs (all when none), only the columns
/// whose values differ between rows (<see cref="OnlyChanged"/>), the experiments whose name or run id matches
/// <see cref="Name"/> (a glob), sorted by a param, metric, <c>name</c> or <c>created</c>.
/// </summary>
internal sealed record ExperimentQuery(
    IReadOnlyList<string> Params,
    IReadOnlyList<string> Metrics,
    bool OnlyChanged = false,
    string? Name = null,
    string? SortBy = null,
    bool Descending = false);
