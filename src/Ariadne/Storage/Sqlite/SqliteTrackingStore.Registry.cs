using Ariadne.Registry;
using Ariadne.Tracking.Search;

namespace Ariadne.Storage.Sqlite;

/// <summary>The model registry on the embedded store: <see cref="ModelRegistrySql"/>'s statements, writes on the writer thread.</summary>
internal sealed partial class SqliteTrackingStore
{
    // Microsoft.Data.Sqlite runs its async methods synchronously, so waiting on them here blocks nothing.
    private Task<T> RegistryWriteAsync<T>(Func<RegistryDb, long, Task<T>> work, CancellationToken cancellationToken) =>
        WriteAsync(session => work(new RegistryDb(session.Connection, session.Transaction, SqlDialect.Sqlite), Now).GetAwaiter().GetResult(), cancellationToken);

    private Task RegistryWriteAsync(Func<RegistryDb, long, Task> work, CancellationToken cancellationToken) =>
        RegistryWriteAsync(async (db, now) =>
        {
            await work(db, now).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    private Task<T> RegistryReadAsync<T>(Func<RegistryDb, Task<T>> work, CancellationToken cancellationToken) =>
        ReadAsync(session => work(new RegistryDb(session.Connection, session.Transaction, SqlDialect.Sqlite)).GetAwaiter().GetResult(), cancellationToken);

    public Task<RegisteredModel> CreateRegisteredModelAsync(string name, string? description, IReadOnlyDictionary<string, string>? tags, CancellationToken cancellationToken) =>
        RegistryWriteAsync((db, now) => ModelRegistrySql.CreateModelAsync(db, name, description, tags, now, cancellationToken), cancellationToken);

    public Task<RegisteredModel> GetRegisteredModelAsync(string name, CancellationToken cancellationToken) =>
        RegistryReadAsync(db => ModelRegistrySql.GetModelAsync(db, name, cancellationToken), cancellationToken);

    public Task<RegisteredModel> RenameRegisteredModelAsync(string name, string newName, CancellationToken cancellationToken) =>
        RegistryWriteAsync((db, now) => ModelRegistrySql.RenameModelAsync(db, name, newName, now, cancellationToken), cancellationToken);

    public Task<RegisteredModel> UpdateRegisteredModelAsync(string name, string? description, CancellationToken cancellationToken) =>
        RegistryWriteAsync((db, now) => ModelRegistrySql.UpdateModelAsync(db, name, description, now, cancellationToken), cancellationToken);

    public Task DeleteRegisteredModelAsync(string name, CancellationToken cancellationToken) =>
        RegistryWriteAsync((db, _) => ModelRegistrySql.DeleteModelAsync(db, name, cancellationToken), cancellationToken);

    public Task<RegisteredModelPage> SearchRegisteredModelsAsync(ModelSearch search, CancellationToken cancellationToken) =>
        RegistryReadAsync(db => ModelRegistrySql.SearchModelsAsync(db, search, cancellationToken), cancellationToken);

    public Task SetRegisteredModelTagAsync(string name, string key, string value, CancellationToken cancellationToken) =>
        RegistryWriteAsync((db, now) => ModelRegistrySql.SetModelTagAsync(db, name, key, value, now, cancellationToken), cancellationToken);

    public Task DeleteRegisteredModelTagAsync(string name, string key, CancellationToken cancellationToken) =>
        RegistryWriteAsync((db, now) => ModelRegistrySql.DeleteModelTagAsync(db, name, key, now, cancellationToken), cancellationToken);

    public Task SetModelAliasAsync(string name, string alias, int version, CancellationToken cancellationToken) =>
        RegistryWriteAsync((db, now) => ModelRegistrySql.SetAliasAsync(db, name, alias, version, now, cancellationToken), cancellationToken);

    public Task DeleteModelAliasAsync(string name, string alias, CancellationToken cancellationToken) =>
        RegistryWriteAsync((db, now) => ModelRegistrySql.DeleteAliasAsync(db, name, alias, now, cancellationToken), cancellationToken);

    public Task<ModelVersion> GetModelVersionByAliasAsync(string name, string alias, CancellationToken cancellationToken) =>
        RegistryReadAsync(db => ModelRegistrySql.GetVersionByAliasAsync(db, name, alias, cancellationToken), cancellationToken);

    public Task<ModelVersion> CreateModelVersionAsync(NewModelVersion version, CancellationToken cancellationToken) =>
        RegistryWriteAsync((db, now) => ModelRegistrySql.CreateVersionAsync(db, version, now, cancellationToken), cancellationToken);

    public Task<ModelVersion> GetModelVersionAsync(string name, int version, CancellationToken cancellationToken) =>
        RegistryReadAsync(db => ModelRegistrySql.GetVersionAsync(db, name, version, cancellationToken), cancellationToken);

    public Task<ModelVersion> UpdateModelVersionAsync(string name, int version, string? description, CancellationToken cancellationToken) =>
        RegistryWriteAsync((db, now) => ModelRegistrySql.UpdateVersionAsync(db, name, version, description, now, cancellationToken), cancellationToken);

    public Task DeleteModelVersionAsync(string name, int version, CancellationToken cancellationToken) =>
        RegistryWriteAsync((db, now) => ModelRegistrySql.DeleteVersionAsync(db, name, version, now, cancellationToken), cancellationToken);

    public Task<ModelVersionPage> SearchModelVersionsAsync(ModelSearch search, CancellationToken cancellationToken) =>
        RegistryReadAsync(db => ModelRegistrySql.SearchVersionsAsync(db, search, cancellationToken), cancellationToken);

    public Task SetModelVersionTagAsync(string name, int version, string key, string value, CancellationToken cancellationToken) =>
        RegistryWriteAsync((db, now) => ModelRegistrySql.SetVersionTagAsync(db, name, version, key, value, now, cancellationToken), cancellationToken);

    public Task DeleteModelVersionTagAsync(string name, int version, string key, CancellationToken cancellationToken) =>
        RegistryWriteAsync((db, now) => ModelRegistrySql.DeleteVersionTagAsync(db, name, version, key, now, cancellationToken), cancellationToken);
}
