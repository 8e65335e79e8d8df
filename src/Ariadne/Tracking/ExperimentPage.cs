namespace Ariadne.Tracking;

/// <summary>One page of an experiment search; <see cref="NextPageToken"/> is null on the last page.</summary>
/// <param name="Experiments">The experiments of this page, in the search's order.</param>
/// <param name="NextPageToken">The token for the next page, or null when this is the last.</param>
public sealed record ExperimentPage(IReadOnlyList<Experiment> Experiments, string? NextPageToken);
