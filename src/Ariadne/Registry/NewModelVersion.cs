namespace Ariadne.Registry;

/// <summary>What a new model version is made of; the store numbers it and stamps its time.</summary>
/// <param name="Name">The registered model (it must exist).</param>
/// <param name="Source">Where the files came from: <c>runs:/RUN_ID/PATH</c> or a workspace path.</param>
/// <param name="RunId">The run that produced it (it must exist and not be deleted), or null.</param>
/// <param name="Files">The files, already stored by content hash.</param>
/// <param name="Description">What changed in this version, or null.</param>
/// <param name="Tags">Tags to set on the version, or null.</param>
/// <param name="RegisteredBy">Who registers it, or null.</param>
/// <param name="InputSchema">The input schema as JSON, where known.</param>
/// <param name="OutputSchema">The output schema as JSON, where known.</param>
public sealed record NewModelVersion(
    string Name,
    string Source,
    string? RunId,
    IReadOnlyList<ModelFile> Files,
    string? Description = null,
    IReadOnlyDictionary<string, string>? Tags = null,
    string? RegisteredBy = null,
    string? InputSchema = null,
    string? OutputSchema = null);
