namespace Ariadne.Registry;

/// <summary>A named model in the registry, e.g. <c>penguins</c>: its description, tags and aliases; its versions are <see cref="ModelVersion"/>s.</summary>
/// <param name="Name">The model's unique name.</param>
/// <param name="Description">What the model is, or null.</param>
/// <param name="CreatedAt">When it was registered, in milliseconds since the Unix epoch.</param>
/// <param name="UpdatedAt">When it or one of its versions last changed, in milliseconds since the Unix epoch.</param>
/// <param name="Tags">Its tags, by key.</param>
/// <param name="Aliases">Its aliases (e.g. <c>champion</c>) and the version number each points at.</param>
/// <param name="LatestVersion">The highest version number that exists, or null when it has none.</param>
public sealed record RegisteredModel(
    string Name,
    string? Description,
    long CreatedAt,
    long UpdatedAt,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyDictionary<string, int> Aliases,
    int? LatestVersion);
