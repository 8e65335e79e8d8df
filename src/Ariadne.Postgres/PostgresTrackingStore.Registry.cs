using Ariadne.Registry;
using Ariadne.Tracking.Search;

namespace Ariadne.Postgres;

/// <summary>The model registry on PostgreSQL: <see cref="ModelRegistrySql"/>'s statements, each write in one transaction that locks the model's row.</summary>
internal sealed partial class PostgresTrackingStore
{
    private Task<T> RegistryWriteAsync<T>(Func<RegistryDb, long, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        InTransactionAsync((connection, transaction, ct) => work(new RegistryDb(connection, transaction, SqlDialect.Postgres), Now(), ct), cancellationToken);

    private Task RegistryWriteAsync(Func<RegistryDb, long, CancellationToken, Task> work, CancellationToken cancellationToken) =>
        RegistryWriteAsync(async (db, now, ct) =>
        {
            await work(db, now, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    private Task<T> RegistryReadAsync<T>(Func<RegistryDb, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        InTransactionAsync((connection, transaction, ct) => work(new RegistryDb(connection, transaction, SqlDialect.Postgres), ct), cancellationToken);

    public Task<RegisteredModel> CreateRegisteredModelAsync(string name, string? description, IReadOnlyDictionary<string, string>? tags, CancellationToken cancellationToken) =>
        RegistryWriteAsync((db, now, ct) => ModelRegistrySql.CreateModelAsync(db, name, description, tags, now, ct), cancellationToken);

    public Task<RegisteredModel> GetRegisteredModelAsync(string name, CancellationToken cancellationToken) =>
        RegistryReadAsync((db, ct) => ModelRegistrySql.GetModelAsync(db, name, ct), cancellationToken);

    public Task<RegisteredModel> RenameRegisteredModelAsync(string name, string newName, CancellationToken cancellationToken) =>
        RegistryWriteAsync((db, now, ct) => ModelRegistrySql.RenameModelAsync(db, name, newName, now, ct), cancellationToken);

    public Task<RegisteredModel> UpdateRegisteredModelAsync(string name, string? description, CancellationToken cancellationToken) =>
        RegistryWriteAsync((db, now, ct) => ModelRegistrySql.UpdateModelAsync(db, name, description, now, ct), cancellationToken);

    public Task DeleteRegisteredModelAsync(string name, CancellationToken cancellationToken) =>
        RegistryWriteAsync((db, _, ct) => ModelRegistrySql.DeleteModelAsync(db, name, ct), cancellationToken);

    public Task<RegisteredModelPage> SearchRegisteredModelsAsync(ModelSearch search, CancellationToken cancellationToken) =>
        RegistryReadAsync((db, ct) => ModelRegistrySql.SearchModelsAsync(db, search, ct), cancellationToken);

    public Task SetRegisteredModelTagAsync(string name, string key, string value, CancellationToken cancellationToken) =>
        RegistryWriteAsync((db, now, ct) => ModelRegistrySql.SetModelTagAsync(db, name, key, value, now, ct), cancellationToken);

    public Task DeleteRegisteredModelTagAsync(string name, string key, CancellationToken cancellationToken) =>
        RegistryWriteAsync((db, now, ct) => ModelRegistrySql.DeleteModelTagAsync(db, name, key, now, ct), cancellationToken);

    public Task SetModelAliasAsync(string name, string alias, int version, CancellationToken cancellationToken) =>
        RegistryWriteAsync((db, now, ct) => ModelRegistrySql.SetAliasAsync(db, name, alias, version, now, ct), cancellationToken);

    public Task DeleteModelAliasAsync(string name, string alias, CancellationToken cancellationToken) =>
        RegistryWriteAsync((db, now, ct) => ModelRegistrySql.DeleteAliasAsync(db, name, alias, now, ct), cancellationToken);

    public Task<ModelVersion> GetModelVersionByAliasAsync(string name, string alias, CancellationToken cancellationToken) =>
        RegistryReadAsync((db, ct) => ModelRegistrySql.GetVersionByAliasAsync(db, name, alias, ct), cancellationToken);

    public Task<ModelVersion> CreateModelVersionAsync(NewModelVersion version, CancellationToken cancellationToken) =>
        RegistryWriteAsync((db, now, ct) => ModelRegistrySql.CreateVersionAsync(db, version, now, ct), cancellationToken);

    public Task<ModelVersion> GetModelVersionAsync(string name, int version, CancellationToken cancellationToken) =>
        RegistryReadAsync((db, ct) => ModelRegistrySql.GetVersionAsync(db, name, version, ct), cancellationToken);

    public Task<ModelVersion> UpdateModelVersionAsync(string name, int version, string? description, CancellationToken cancellationToken) =>
        RegistryWriteAsync((db, now, ct) => ModelRegistrySql.UpdateVersionAsync(db, name, version, description, now, ct), cancellationToken);

    public Task DeleteModelVersionAsync(string name, int version, CancellationToken cancellationToken) =>
        RegistryWriteAsync((db, now, ct) => ModelRegistrySql.DeleteVersionAsync(db, name, version, now, ct), cancellationToken);

    public Task<ModelVersionPage> SearchModelVersionsAsync(ModelSearch search, CancellationToken cancellationToken) =>
        RegistryReadAsync((db, ct) => ModelRegistrySql.SearchVersionsAsync(db, search, ct), cancellationToken);

    public Task SetModelVersionTagAsync(string name, int version, string key, string value, CancellationToken cancellationToken) =>
        RegistryWriteAsync((db, now, ct) => ModelRegistrySql.SetVersionTagAsync(db, name, version, key, value, now, ct), cancellationToken);

    public Task DeleteModelVersionTagAsync(string name, int version, string key, CancellationToken cancellationToken) =>
        RegistryWriteAsync((db, now, ct) => ModelRegistrySql.DeleteVersionTagAsync(db, name, version, key, now, ct), cancellationToken);
}
