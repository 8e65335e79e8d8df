namespace Ariadne.Registry;

/// <summary>One page of a registered-model search; <see cref="NextPageToken"/> is null on the last page.</summary>
/// <param name="Models">The models of this page, in the search's order.</param>
/// <param name="NextPageToken">The token for the next page, or null when this is the last.</param>
public sealed record RegisteredModelPage(IReadOnlyList<RegisteredModel> Models, string? NextPageToken);
