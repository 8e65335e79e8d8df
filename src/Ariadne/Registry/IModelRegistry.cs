namespace Ariadne.Registry;

/// <summary>
/// Part of the tracking-store contract (<see cref="Tracking.ITrackingStore"/> extends it; SQLite, PostgreSQL and a
/// tracking server implement it whole): registered models, their numbered versions, tags and aliases, as MLflow's
/// model registry has them (stages are left out: MLflow deprecated them in favour of aliases). Names, aliases, tags and
/// searches are checked once above the transports (the same message from every store); unknown models or versions
/// throw <see cref="ErrorCode.ResourceNotFound"/>, a name in use <see cref="ErrorCode.ResourceAlreadyExists"/>, bad
/// input <see cref="ErrorCode.InvalidArgument"/>, and a call that throws changes nothing.
/// </summary>
public interface IModelRegistry
{
    /// <summary>Creates a registered model with no versions; a name in use is ResourceAlreadyExists.</summary>
    Task<RegisteredModel> CreateRegisteredModelAsync(string name, string? description, IReadOnlyDictionary<string, string>? tags, CancellationToken cancellationToken);

    /// <summary>The registered model; ResourceNotFound when none has that name.</summary>
    Task<RegisteredModel> GetRegisteredModelAsync(string name, CancellationToken cancellationToken);

    /// <summary>Renames a model, with its versions, tags and aliases; the new name must be free.</summary>
    Task<RegisteredModel> RenameRegisteredModelAsync(string name, string newName, CancellationToken cancellationToken);

    /// <summary>Replaces the model's description (null clears it).</summary>
    Task<RegisteredModel> UpdateRegisteredModelAsync(string name, string? description, CancellationToken cancellationToken);

    /// <summary>Deletes a model with all its versions, tags and aliases (the stored files stay in the content store).</summary>
    Task DeleteRegisteredModelAsync(string name, CancellationToken cancellationToken);

    /// <summary>Models matching a filter, ordered and paged (see <see cref="ModelSearch"/>).</summary>
    Task<RegisteredModelPage> SearchRegisteredModelsAsync(ModelSearch search, CancellationToken cancellationToken);

    /// <summary>Sets (or replaces) one tag of a model.</summary>
    Task SetRegisteredModelTagAsync(string name, string key, string value, CancellationToken cancellationToken);

    /// <summary>Removes one tag of a model; an absent tag is ResourceNotFound.</summary>
    Task DeleteRegisteredModelTagAsync(string name, string key, CancellationToken cancellationToken);

    /// <summary>
    /// Points <paramref name="alias"/> at a version of the model, moving it from the version it pointed at before (one
    /// version per alias). An alias must match MLflow's pattern (letters, digits, '_' and '-', at most 255
    /// characters) and must not be reserved (<c>latest</c>, <c>v1</c>, <c>v2</c> …).
    /// </summary>
    Task SetModelAliasAsync(string name, string alias, int version, CancellationToken cancellationToken);

    /// <summary>Removes an alias; an alias the model does not have is ResourceNotFound.</summary>
    Task DeleteModelAliasAsync(string name, string alias, CancellationToken cancellationToken);

    /// <summary>The version the alias points at; ResourceNotFound for an unknown model or alias.</summary>
    Task<ModelVersion> GetModelVersionByAliasAsync(string name, string alias, CancellationToken cancellationToken);

    /// <summary>
    /// Adds the next version (1 for the first) of an existing model. A run id must name a run that exists and is not
    /// deleted. The same files as an earlier version make a new version that shares the stored content.
    /// </summary>
    Task<ModelVersion> CreateModelVersionAsync(NewModelVersion version, CancellationToken cancellationToken);

    /// <summary>The version; ResourceNotFound for an unknown model or version.</summary>
    Task<ModelVersion> GetModelVersionAsync(string name, int version, CancellationToken cancellationToken);

    /// <summary>Replaces the version's description (null clears it).</summary>
    Task<ModelVersion> UpdateModelVersionAsync(string name, int version, string? description, CancellationToken cancellationToken);

    /// <summary>Deletes a version with its tags and the aliases that point at it; its number is never reused.</summary>
    Task DeleteModelVersionAsync(string name, int version, CancellationToken cancellationToken);

    /// <summary>Versions matching a filter, ordered and paged (see <see cref="ModelSearch"/>).</summary>
    Task<ModelVersionPage> SearchModelVersionsAsync(ModelSearch search, CancellationToken cancellationToken);

    /// <summary>Sets (or replaces) one tag of a version.</summary>
    Task SetModelVersionTagAsync(string name, int version, string key, string value, CancellationToken cancellationToken);

    /// <summary>Removes one tag of a version; an absent tag is ResourceNotFound.</summary>
    Task DeleteModelVersionTagAsync(string name, int version, string key, CancellationToken cancellationToken);
}
