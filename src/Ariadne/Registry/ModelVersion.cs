namespace Ariadne.Registry;

/// <summary>
/// One numbered version of a registered model (1, 2, 3 … per model): where it came from (a run's artifact path or a
/// workspace path), its files by content hash, and what users wrote about it. Versions are immutable except for their
/// description and tags; aliases move between them.
/// </summary>
/// <param name="Name">The registered model's name.</param>
/// <param name="Version">The version number, from 1.</param>
/// <param name="CreatedAt">When it was registered, in milliseconds since the Unix epoch.</param>
/// <param name="UpdatedAt">When its description or tags last changed, in milliseconds since the Unix epoch.</param>
/// <param name="Description">What changed in this version, or null.</param>
/// <param name="Source">Where the files came from: <c>runs:/RUN_ID/PATH</c> for a run's outputs, or a workspace path.</param>
/// <param name="RunId">The run that produced it, or null for a version registered from a workspace path.</param>
/// <param name="Status">MLflow's registration status; versions are stored whole, so it is <c>READY</c>.</param>
/// <param name="RegisteredBy">Who registered it (the user or token name), or null when unknown.</param>
/// <param name="ContentHash">The BLAKE3 hash of the version's file list (paths, hashes, sizes): equal for equal files.</param>
/// <param name="Files">The model's files, ordered by path.</param>
/// <param name="Tags">Its tags, by key.</param>
/// <param name="Aliases">The aliases that point at it, ordered.</param>
/// <param name="InputSchema">The model's input schema as JSON, where known.</param>
/// <param name="OutputSchema">The model's output schema as JSON, where known.</param>
public sealed record ModelVersion(
    string Name,
    int Version,
    long CreatedAt,
    long UpdatedAt,
    string? Description,
    string Source,
    string? RunId,
    string Status,
    string? RegisteredBy,
    string ContentHash,
    IReadOnlyList<ModelFile> Files,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyList<string> Aliases,
    string? InputSchema,
    string? OutputSchema)
{
    /// <summary>The version's URI, <c>models:/NAME/VERSION</c>.</summary>
    public string Uri => ModelUri.ForVersion(Name, Version).ToString();

    /// <summary>The total size of its files in bytes.</summary>
    public long Size => Files.Sum(f => f.Size);
}
