using Ariadne.Registry;

namespace Ariadne.Tracking;

/// <summary>The registry's rules (<see cref="RegistryLimits"/>, <see cref="ModelSearchSql"/>), checked before any store is reached.</summary>
internal sealed partial class CheckedTrackingStore
{
    public Task<RegisteredModel> CreateRegisteredModelAsync(string name, string? description, IReadOnlyDictionary<string, string>? tags, CancellationToken cancellationToken)
    {
        RegistryLimits.CheckName(name);
        RegistryLimits.CheckDescription(description);
        RegistryLimits.CheckTags("registered model tag", tags);
        return Inner.CreateRegisteredModelAsync(name, description, tags, cancellationToken);
    }

    public Task<RegisteredModel> GetRegisteredModelAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Inner.GetRegisteredModelAsync(name, cancellationToken);
    }

    public Task<RegisteredModel> RenameRegisteredModelAsync(string name, string newName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        RegistryLimits.CheckName(newName, "new model name");
        return Inner.RenameRegisteredModelAsync(name, newName, cancellationToken);
    }

    public Task<RegisteredModel> UpdateRegisteredModelAsync(string name, string? description, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        RegistryLimits.CheckDescription(description);
        return Inner.UpdateRegisteredModelAsync(name, description, cancellationToken);
    }

    public Task DeleteRegisteredModelAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Inner.DeleteRegisteredModelAsync(name, cancellationToken);
    }

    public Task<RegisteredModelPage> SearchRegisteredModelsAsync(ModelSearch search, CancellationToken cancellationToken)
    {
        ModelSearchSql.Check(search, versions: false);
        return Inner.SearchRegisteredModelsAsync(search, cancellationToken);
    }

    public Task SetRegisteredModelTagAsync(string name, string key, string value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        RegistryLimits.CheckTag("registered model tag", key, value);
        return Inner.SetRegisteredModelTagAsync(name, key, value, cancellationToken);
    }

    public Task DeleteRegisteredModelTagAsync(string name, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(key);
        return Inner.DeleteRegisteredModelTagAsync(name, key, cancellationToken);
    }

    public Task SetModelAliasAsync(string name, string alias, int version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        RegistryLimits.CheckAlias(alias);
        RegistryLimits.CheckVersion(version);
        return Inner.SetModelAliasAsync(name, alias, version, cancellationToken);
    }

    public Task DeleteModelAliasAsync(string name, string alias, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(alias);
        return Inner.DeleteModelAliasAsync(name, alias, cancellationToken);
    }

    public Task<ModelVersion> GetModelVersionByAliasAsync(string name, string alias, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(alias);
        return Inner.GetModelVersionByAliasAsync(name, alias, cancellationToken);
    }

    public Task<ModelVersion> CreateModelVersionAsync(NewModelVersion version, CancellationToken cancellationToken)
    {
        RegistryLimits.CheckNewVersion(version);
        return Inner.CreateModelVersionAsync(version, cancellationToken);
    }

    public Task<ModelVersion> GetModelVersionAsync(string name, int version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Inner.GetModelVersionAsync(name, version, cancellationToken);
    }

    public Task<ModelVersion> UpdateModelVersionAsync(string name, int version, string? description, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        RegistryLimits.CheckDescription(description);
        return Inner.UpdateModelVersionAsync(name, version, description, cancellationToken);
    }

    public Task DeleteModelVersionAsync(string name, int version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Inner.DeleteModelVersionAsync(name, version, cancellationToken);
    }

    public Task<ModelVersionPage> SearchModelVersionsAsync(ModelSearch search, CancellationToken cancellationToken)
    {
        ModelSearchSql.Check(search, versions: true);
        return Inner.SearchModelVersionsAsync(search, cancellationToken);
    }

    public Task SetModelVersionTagAsync(string name, int version, string key, string value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        RegistryLimits.CheckTag("model version tag", key, value);
        return Inner.SetModelVersionTagAsync(name, version, key, value, cancellationToken);
    }

    public Task DeleteModelVersionTagAsync(string name, int version, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(key);
        return Inner.DeleteModelVersionTagAsync(name, version, key, cancellationToken);
    }
}
