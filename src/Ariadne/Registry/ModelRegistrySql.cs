using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Ariadne.Content;

namespace Ariadne.Registry;

/// <summary>
/// The registry's statements, written once for both SQL stores (the tables of docs/registry.md): the SQLite store runs
/// them on its writer thread, the PostgreSQL store in its transactions. Each method is one unit of work: the caller's
/// transaction commits it whole or not at all. Input is already checked (<see cref="RegistryLimits"/>).
/// </summary>
internal static class ModelRegistrySql
{
    public const string Ready = "READY";

    private const string VersionColumns =
        "v.name, v.version, v.created_at, v.updated_at, v.description, v.source, v.run_id, v.status, v.registered_by, v.content_hash, v.files, v.input_schema, v.output_schema";

    private const string ModelColumns =
        "m.name, m.description, m.created_at, m.updated_at, (SELECT max(x.version) FROM model_versions x WHERE x.name = m.name)";

    /// <summary>How many names one IN list holds when tags and aliases are loaded for a page.</summary>
    private const int NamesPerQuery = 500;

    public static async Task<RegisteredModel> CreateModelAsync(RegistryDb db, string name, string? description, IReadOnlyDictionary<string, string>? tags, long now, CancellationToken ct)
    {
        if (await db.ScalarAsync("SELECT 1 FROM registered_models WHERE name = @name", ct, ("@name", name)).ConfigureAwait(false) is not null)
        {
            throw AriadneException.ModelExists(name);
        }

        await db.ExecuteAsync("INSERT INTO registered_models (name, description, created_at, updated_at, last_version) VALUES (@name, @description, @now, @now, 0)",
            ct, ("@name", name), ("@description", description), ("@now", now)).ConfigureAwait(false);
        foreach (var (key, value) in tags ?? new Dictionary<string, string>())
        {
            await SetModelTagAsync(db, name, key, value, now, ct).ConfigureAwait(false);
        }

        return await GetModelAsync(db, name, ct).ConfigureAwait(false);
    }

    public static async Task<RegisteredModel> GetModelAsync(RegistryDb db, string name, CancellationToken ct)
    {
        var models = await ReadModelsAsync(db, "WHERE m.name = @p0", [new("@p0", name)], ct).ConfigureAwait(false);
        return models.Count == 1 ? models[0] : throw AriadneException.ModelNotFound(name);
    }

    public static async Task<RegisteredModel> RenameModelAsync(RegistryDb db, string name, string newName, long now, CancellationToken ct)
    {
        await LockModelAsync(db, name, ct).ConfigureAwait(false);
        if (newName == name)
        {
            return await GetModelAsync(db, name, ct).ConfigureAwait(false);
        }

        if (await db.ScalarAsync("SELECT 1 FROM registered_models WHERE name = @name", ct, ("@name", newName)).ConfigureAwait(false) is not null)
        {
            throw AriadneException.ModelExists(newName);
        }

        await db.ExecuteAsync("UPDATE registered_models SET name = @new, updated_at = @now WHERE name = @name", ct, ("@new", newName), ("@name", name), ("@now", now)).ConfigureAwait(false);
        foreach (var table in (string[])["registered_model_tags", "model_versions", "model_version_tags", "model_aliases"])
        {
            await db.ExecuteAsync($"UPDATE {table} SET name = @new WHERE name = @name", ct, ("@new", newName), ("@name", name)).ConfigureAwait(false);
        }

        return await GetModelAsync(db, newName, ct).ConfigureAwait(false);
    }

    public static async Task<RegisteredModel> UpdateModelAsync(RegistryDb db, string name, string? description, long now, CancellationToken ct)
    {
        await LockModelAsync(db, name, ct).ConfigureAwait(false);
        await db.ExecuteAsync("UPDATE registered_models SET description = @description, updated_at = @now WHERE name = @name", ct,
            ("@description", description), ("@name", name), ("@now", now)).ConfigureAwait(false);
        return await GetModelAsync(db, name, ct).ConfigureAwait(false);
    }

    public static async Task DeleteModelAsync(RegistryDb db, string name, CancellationToken ct)
    {
        await LockModelAsync(db, name, ct).ConfigureAwait(false);
        foreach (var table in (string[])["model_aliases", "model_version_tags", "model_versions", "registered_model_tags", "registered_models"])
        {
            await db.ExecuteAsync($"DELETE FROM {table} WHERE name = @name", ct, ("@name", name)).ConfigureAwait(false);
        }
    }

    public static async Task SetModelTagAsync(RegistryDb db, string name, string key, string value, long now, CancellationToken ct)
    {
        await LockModelAsync(db, name, ct).ConfigureAwait(false);
        await db.ExecuteAsync(
            "INSERT INTO registered_model_tags (name, key, value) VALUES (@name, @key, @value) ON CONFLICT (name, key) DO UPDATE SET value = excluded.value",
            ct, ("@name", name), ("@key", key), ("@value", value)).ConfigureAwait(false);
        await TouchModelAsync(db, name, now, ct).ConfigureAwait(false);
    }

    public static async Task DeleteModelTagAsync(RegistryDb db, string name, string key, long now, CancellationToken ct)
    {
        await LockModelAsync(db, name, ct).ConfigureAwait(false);
        if (await db.ExecuteAsync("DELETE FROM registered_model_tags WHERE name = @name AND key = @key", ct, ("@name", name), ("@key", key)).ConfigureAwait(false) == 0)
        {
            throw AriadneException.ModelTagNotFound($"Registered model '{name}'", key);
        }

        await TouchModelAsync(db, name, now, ct).ConfigureAwait(false);
    }

    public static async Task SetAliasAsync(RegistryDb db, string name, string alias, int version, long now, CancellationToken ct)
    {
        await LockModelAsync(db, name, ct).ConfigureAwait(false);
        await RequireVersionAsync(db, name, version, ct).ConfigureAwait(false);
        await db.ExecuteAsync(
            "INSERT INTO model_aliases (name, alias, version) VALUES (@name, @alias, @version) ON CONFLICT (name, alias) DO UPDATE SET version = excluded.version",
            ct, ("@name", name), ("@alias", alias), ("@version", (long)version)).ConfigureAwait(false);
        await TouchModelAsync(db, name, now, ct).ConfigureAwait(false);
    }

    public static async Task DeleteAliasAsync(RegistryDb db, string name, string alias, long now, CancellationToken ct)
    {
        await LockModelAsync(db, name, ct).ConfigureAwait(false);
        if (await db.ExecuteAsync("DELETE FROM model_aliases WHERE name = @name AND alias = @alias", ct, ("@name", name), ("@alias", alias)).ConfigureAwait(false) == 0)
        {
            throw AriadneException.ModelAliasNotFound(name, alias);
        }

        await TouchModelAsync(db, name, now, ct).ConfigureAwait(false);
    }

    public static async Task<ModelVersion> GetVersionByAliasAsync(RegistryDb db, string name, string alias, CancellationToken ct)
    {
        var version = await db.ScalarAsync("SELECT version FROM model_aliases WHERE name = @name AND alias = @alias", ct, ("@name", name), ("@alias", alias)).ConfigureAwait(false);
        if (version is null)
        {
            _ = await GetModelAsync(db, name, ct).ConfigureAwait(false);
            throw AriadneException.ModelAliasNotFound(name, alias);
        }

        return await GetVersionAsync(db, name, Convert.ToInt32(version, CultureInfo.InvariantCulture), ct).ConfigureAwait(false);
    }

    public static async Task<ModelVersion> CreateVersionAsync(RegistryDb db, NewModelVersion version, long now, CancellationToken ct)
    {
        var last = await LockModelAsync(db, version.Name, ct).ConfigureAwait(false);
        if (version.RunId is { } runId)
        {
            var stage = await db.ScalarAsync("SELECT lifecycle_stage FROM runs WHERE run_id = @id", ct, ("@id", runId)).ConfigureAwait(false) as string;
            if (stage is null)
            {
                throw AriadneException.RunNotFound(runId);
            }

            if (stage != "active")
            {
                throw AriadneException.ModelSourceRunDeleted(runId);
            }
        }

        var number = last + 1;
        var files = version.Files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        await db.ExecuteAsync(
            """
            INSERT INTO model_versions (name, version, created_at, updated_at, description, source, run_id, status, registered_by, content_hash, files, input_schema, output_schema)
            VALUES (@name, @version, @now, @now, @description, @source, @run, @status, @by, @hash, @files, @input, @output)
            """,
            ct, ("@name", version.Name), ("@version", (long)number), ("@now", now), ("@description", version.Description), ("@source", version.Source),
            ("@run", version.RunId), ("@status", Ready), ("@by", version.RegisteredBy), ("@hash", ContentHashOf(files)), ("@files", FilesJson(files)),
            ("@input", version.InputSchema), ("@output", version.OutputSchema)).ConfigureAwait(false);
        await db.ExecuteAsync("UPDATE registered_models SET last_version = @version, updated_at = @now WHERE name = @name", ct,
            ("@version", (long)number), ("@now", now), ("@name", version.Name)).ConfigureAwait(false);
        foreach (var (key, value) in version.Tags ?? new Dictionary<string, string>())
        {
            await db.ExecuteAsync("INSERT INTO model_version_tags (name, version, key, value) VALUES (@name, @version, @key, @value)", ct,
                ("@name", version.Name), ("@version", (long)number), ("@key", key), ("@value", value)).ConfigureAwait(false);
        }

        return await GetVersionAsync(db, version.Name, number, ct).ConfigureAwait(false);
    }

    public static async Task<ModelVersion> GetVersionAsync(RegistryDb db, string name, int version, CancellationToken ct)
    {
        var versions = await ReadVersionsAsync(db, "WHERE v.name = @p0 AND v.version = @p1", [new("@p0", name), new("@p1", (long)version)], ct).ConfigureAwait(false);
        if (versions.Count == 1)
        {
            return versions[0];
        }

        _ = await GetModelAsync(db, name, ct).ConfigureAwait(false);
        throw AriadneException.ModelVersionNotFound(name, version);
    }

    public static async Task<ModelVersion> UpdateVersionAsync(RegistryDb db, string name, int version, string? description, long now, CancellationToken ct)
    {
        await LockModelAsync(db, name, ct).ConfigureAwait(false);
        await RequireVersionAsync(db, name, version, ct).ConfigureAwait(false);
        await db.ExecuteAsync("UPDATE model_versions SET description = @description, updated_at = @now WHERE name = @name AND version = @version", ct,
            ("@description", description), ("@now", now), ("@name", name), ("@version", (long)version)).ConfigureAwait(false);
        await TouchModelAsync(db, name, now, ct).ConfigureAwait(false);
        return await GetVersionAsync(db, name, version, ct).ConfigureAwait(false);
    }

    public static async Task DeleteVersionAsync(RegistryDb db, string name, int version, long now, CancellationToken ct)
    {
        await LockModelAsync(db, name, ct).ConfigureAwait(false);
        await RequireVersionAsync(db, name, version, ct).ConfigureAwait(false);
        foreach (var table in (string[])["model_aliases", "model_version_tags", "model_versions"])
        {
            await db.ExecuteAsync($"DELETE FROM {table} WHERE name = @name AND version = @version", ct, ("@name", name), ("@version", (long)version)).ConfigureAwait(false);
        }

        await TouchModelAsync(db, name, now, ct).ConfigureAwait(false);
    }

    public static async Task SetVersionTagAsync(RegistryDb db, string name, int version, string key, string value, long now, CancellationToken ct)
    {
        await LockModelAsync(db, name, ct).ConfigureAwait(false);
        await RequireVersionAsync(db, name, version, ct).ConfigureAwait(false);
        await db.ExecuteAsync(
            "INSERT INTO model_version_tags (name, version, key, value) VALUES (@name, @version, @key, @value) ON CONFLICT (name, version, key) DO UPDATE SET value = excluded.value",
            ct, ("@name", name), ("@version", (long)version), ("@key", key), ("@value", value)).ConfigureAwait(false);
        await TouchVersionAsync(db, name, version, now, ct).ConfigureAwait(false);
    }

    public static async Task DeleteVersionTagAsync(RegistryDb db, string name, int version, string key, long now, CancellationToken ct)
    {
        await LockModelAsync(db, name, ct).ConfigureAwait(false);
        await RequireVersionAsync(db, name, version, ct).ConfigureAwait(false);
        if (await db.ExecuteAsync("DELETE FROM model_version_tags WHERE name = @name AND version = @version AND key = @key", ct,
            ("@name", name), ("@version", (long)version), ("@key", key)).ConfigureAwait(false) == 0)
        {
            throw AriadneException.ModelTagNotFound($"Version {version.ToString(CultureInfo.InvariantCulture)} of registered model '{name}'", key);
        }

        await TouchVersionAsync(db, name, version, now, ct).ConfigureAwait(false);
    }

    public static async Task<RegisteredModelPage> SearchModelsAsync(RegistryDb db, ModelSearch search, CancellationToken ct)
    {
        var (tail, parameters) = ModelSearchSql.Build(search, versions: false, db.Dialect);
        var models = await ReadModelsAsync(db, tail, parameters, ct).ConfigureAwait(false);
        var next = ModelSearchSql.NextPageToken(search, models.Count);
        return new RegisteredModelPage(models.Count > search.MaxResults ? models[..search.MaxResults] : models, next);
    }

    public static async Task<ModelVersionPage> SearchVersionsAsync(RegistryDb db, ModelSearch search, CancellationToken ct)
    {
        var (tail, parameters) = ModelSearchSql.Build(search, versions: true, db.Dialect);
        var versions = await ReadVersionsAsync(db, tail, parameters, ct).ConfigureAwait(false);
        var next = ModelSearchSql.NextPageToken(search, versions.Count);
        return new ModelVersionPage(versions.Count > search.MaxResults ? versions[..search.MaxResults] : versions, next);
    }

    /// <summary>The BLAKE3 hash of a file list (path, hash and size per line, ordered by path): equal files, equal hash.</summary>
    public static string ContentHashOf(IEnumerable<ModelFile> files)
    {
        var text = new StringBuilder();
        foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            text.Append(file.Path).Append('\t').Append(file.Hash).Append('\t').Append(file.Size.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return ContentHasher.HashBytes(Encoding.UTF8.GetBytes(text.ToString())).Hex;
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>Reads (and on PostgreSQL locks) the model's row; returns the highest version number it ever had.</summary>
    private static async Task<int> LockModelAsync(RegistryDb db, string name, CancellationToken ct)
    {
        var last = await db.ScalarAsync("SELECT last_version FROM registered_models WHERE name = @name" + db.ForUpdate, ct, ("@name", name)).ConfigureAwait(false);
        return last is null ? throw AriadneException.ModelNotFound(name) : Convert.ToInt32(last, CultureInfo.InvariantCulture);
    }

    private static async Task RequireVersionAsync(RegistryDb db, string name, int version, CancellationToken ct)
    {
        if (await db.ScalarAsync("SELECT 1 FROM model_versions WHERE name = @name AND version = @version", ct, ("@name", name), ("@version", (long)version)).ConfigureAwait(false) is null)
        {
            throw AriadneException.ModelVersionNotFound(name, version);
        }
    }

    private static Task TouchModelAsync(RegistryDb db, string name, long now, CancellationToken ct) =>
        db.ExecuteAsync("UPDATE registered_models SET updated_at = @now WHERE name = @name", ct, ("@now", now), ("@name", name));

    private static async Task TouchVersionAsync(RegistryDb db, string name, int version, long now, CancellationToken ct)
    {
        await db.ExecuteAsync("UPDATE model_versions SET updated_at = @now WHERE name = @name AND version = @version", ct, ("@now", now), ("@name", name), ("@version", (long)version)).ConfigureAwait(false);
        await TouchModelAsync(db, name, now, ct).ConfigureAwait(false);
    }

    private static async Task<List<RegisteredModel>> ReadModelsAsync(RegistryDb db, string tail, IEnumerable<KeyValuePair<string, object?>> parameters, CancellationToken ct)
    {
        var rows = await db.QueryAsync($"SELECT {ModelColumns} FROM registered_models m {tail}", parameters,
            r => (Name: r.GetString(0), Description: r.IsDBNull(1) ? null : r.GetString(1), Created: r.GetInt64(2), Updated: r.GetInt64(3),
                Latest: r.IsDBNull(4) ? (int?)null : Convert.ToInt32(r.GetValue(4), CultureInfo.InvariantCulture)), ct).ConfigureAwait(false);
        var names = rows.Select(r => r.Name).ToList();
        var tags = await PairsByNameAsync(db, "SELECT name, key, value FROM registered_model_tags", names, r => (r.GetString(0), r.GetString(1), r.GetString(2)), ct).ConfigureAwait(false);
        var aliases = await PairsByNameAsync(db, "SELECT name, alias, version FROM model_aliases", names, r => (r.GetString(0), r.GetString(1), r.GetInt64(2)), ct).ConfigureAwait(false);
        return [.. rows.Select(r => new RegisteredModel(r.Name, r.Description, r.Created, r.Updated,
            Sorted(tags.Where(t => t.Item1 == r.Name).Select(t => new KeyValuePair<string, string>(t.Item2, t.Item3))),
            Sorted(aliases.Where(a => a.Item1 == r.Name).Select(a => new KeyValuePair<string, int>(a.Item2, (int)a.Item3))),
            r.Latest))];
    }

    private static async Task<List<ModelVersion>> ReadVersionsAsync(RegistryDb db, string tail, IEnumerable<KeyValuePair<string, object?>> parameters, CancellationToken ct)
    {
        var rows = await db.QueryAsync($"SELECT {VersionColumns} FROM model_versions v {tail}", parameters, ReadVersion, ct).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            return rows;
        }

        var names = rows.Select(v => v.Name).Distinct(StringComparer.Ordinal).ToList();
        var tags = await PairsByNameAsync(db, "SELECT name, version, key, value FROM model_version_tags", names, r => (r.GetString(0), r.GetInt64(1), r.GetString(2), r.GetString(3)), ct).ConfigureAwait(false);
        var aliases = await PairsByNameAsync(db, "SELECT name, version, alias FROM model_aliases", names, r => (r.GetString(0), r.GetInt64(1), r.GetString(2)), ct).ConfigureAwait(false);
        var tagsOf = tags.ToLookup(t => (t.Item1, (int)t.Item2));
        var aliasesOf = aliases.ToLookup(a => (a.Item1, (int)a.Item2));
        return [.. rows.Select(v => v with
        {
            Tags = Sorted(tagsOf[(v.Name, v.Version)].Select(t => new KeyValuePair<string, string>(t.Item3, t.Item4))),
            Aliases = [.. aliasesOf[(v.Name, v.Version)].Select(a => a.Item3).Order(StringComparer.Ordinal)],
        })];
    }

    private static ModelVersion ReadVersion(DbDataReader r) => new(
        r.GetString(0),
        Convert.ToInt32(r.GetValue(1), CultureInfo.InvariantCulture),
        r.GetInt64(2),
        r.GetInt64(3),
        r.IsDBNull(4) ? null : r.GetString(4),
        r.GetString(5),
        r.IsDBNull(6) ? null : r.GetString(6),
        r.GetString(7),
        r.IsDBNull(8) ? null : r.GetString(8),
        r.GetString(9),
        ParseFiles(r.GetString(10)),
        new Dictionary<string, string>(),
        [],
        r.IsDBNull(11) ? null : r.GetString(11),
        r.IsDBNull(12) ? null : r.GetString(12));

    /// <summary>Rows of <paramref name="select"/> (whose first column is the model name) for the given names, a few hundred names per query.</summary>
    private static async Task<List<T>> PairsByNameAsync<T>(RegistryDb db, string select, List<string> names, Func<DbDataReader, T> read, CancellationToken ct)
    {
        var rows = new List<T>();
        foreach (var chunk in names.Chunk(NamesPerQuery))
        {
            var parameters = chunk.Select((n, i) => new KeyValuePair<string, object?>("@n" + i.ToString(CultureInfo.InvariantCulture), n)).ToList();
            rows.AddRange(await db.QueryAsync($"{select} WHERE name IN ({string.Join(", ", parameters.Select(p => p.Key))})", parameters, read, ct).ConfigureAwait(false));
        }

        return rows;
    }

    /// <summary>Pairs as a dictionary ordered by key (ordinal), as records hold tags and aliases.</summary>
    public static SortedDictionary<string, TValue> Sorted<TValue>(IEnumerable<KeyValuePair<string, TValue>> pairs)
    {
        var sorted = new SortedDictionary<string, TValue>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            sorted[key] = value;
        }

        return sorted;
    }

    private static string FilesJson(IReadOnlyList<ModelFile> files)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var file in files)
            {
                writer.WriteStartObject();
                writer.WriteString("path", file.Path);
                writer.WriteString("hash", file.Hash);
                writer.WriteNumber("size", file.Size);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static List<ModelFile> ParseFiles(string json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(e => new ModelFile(e.GetProperty("path").GetString()!, e.GetProperty("hash").GetString()!, e.GetProperty("size").GetInt64()))];
    }
}
