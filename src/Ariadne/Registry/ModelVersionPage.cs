namespace Ariadne.Registry;

/// <summary>One page of a model-version search; <see cref="NextPageToken"/> is null on the last page.</summary>
/// <param name="Versions">The versions of this page, in the search's order.</param>
/// <param name="NextPageToken">The token for the next page, or null when this is the last.</param>
public sealed record ModelVersionPage(IReadOnlyList<ModelVersion> Versions, string? NextPageToken);
