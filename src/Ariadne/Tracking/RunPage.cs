namespace Ariadne.Tracking;

/// <summary>One page of search results; <see cref="NextPageToken"/> is null on the last page.</summary>
public sealed record RunPage(IReadOnlyList<Run> Runs, string? NextPageToken);
