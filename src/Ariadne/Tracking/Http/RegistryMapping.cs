using System.Globalization;
using Ariadne.Registry;

namespace Ariadne.Tracking.Http;

/// <summary>Registry records to MLflow's JSON and back: one mapping for the server that writes it and the HTTP store that reads it.</summary>
internal static class RegistryMapping
{
    public static RegisteredModelJson ToJson(RegisteredModel model, ModelVersion? latest) => new()
    {
        Name = model.Name,
        CreationTimestamp = model.CreatedAt,
        LastUpdatedTimestamp = model.UpdatedAt,
        Description = model.Description,
        LatestVersions = latest is null ? null : [ToJson(latest)],
        Tags = [.. model.Tags.Select(t => new RegisteredModelTagJson { Key = t.Key, Value = t.Value })],
        Aliases = [.. model.Aliases.Select(a => new RegisteredModelAliasJson { Alias = a.Key, Version = Text(a.Value) })],
    };

    public static ModelVersionJson ToJson(ModelVersion version) => new()
    {
        Name = version.Name,
        Version = Text(version.Version),
        CreationTimestamp = version.CreatedAt,
        LastUpdatedTimestamp = version.UpdatedAt,
        UserId = version.RegisteredBy,
        Description = version.Description,
        Source = version.Source,
        RunId = version.RunId,
        Status = version.Status,
        Tags = [.. version.Tags.Select(t => new RegisteredModelTagJson { Key = t.Key, Value = t.Value })],
        Aliases = [.. version.Aliases],
        Ariadne = new AriadneVersionJson
        {
            ContentHash = version.ContentHash,
            Files = [.. version.Files.Select(f => new ModelFileJson { Path = f.Path, Hash = f.Hash, Size = f.Size })],
            InputSchema = version.InputSchema,
            OutputSchema = version.OutputSchema,
        },
    };

    public static RegisteredModel FromJson(RegisteredModelJson json) => new(
        json.Name,
        json.Description,
        json.CreationTimestamp,
        json.LastUpdatedTimestamp,
        ModelRegistrySql.Sorted((json.Tags ?? []).Select(t => new KeyValuePair<string, string>(t.Key, t.Value))),
        ModelRegistrySql.Sorted((json.Aliases ?? []).Select(a => new KeyValuePair<string, int>(a.Alias, ParseVersion(a.Version)))),
        json.LatestVersions is { Count: > 0 } latest ? latest.Max(v => ParseVersion(v.Version)) : null);

    public static ModelVersion FromJson(ModelVersionJson json) => new(
        json.Name,
        ParseVersion(json.Version),
        json.CreationTimestamp,
        json.LastUpdatedTimestamp,
        json.Description,
        json.Source,
        string.IsNullOrEmpty(json.RunId) ? null : json.RunId,
        json.Status,
        json.UserId,
        json.Ariadne?.ContentHash ?? ModelRegistrySql.ContentHashOf([]),
        [.. (json.Ariadne?.Files ?? []).Select(f => new ModelFile(f.Path, f.Hash, f.Size))],
        ModelRegistrySql.Sorted((json.Tags ?? []).Select(t => new KeyValuePair<string, string>(t.Key, t.Value))),
        [.. (json.Aliases ?? []).Order(StringComparer.Ordinal)],
        json.Ariadne?.InputSchema,
        json.Ariadne?.OutputSchema);

    public static string Text(int version) => version.ToString(CultureInfo.InvariantCulture);

    /// <summary>A version number as MLflow sends it (a string of digits); anything else is InvalidArgument.</summary>
    public static int ParseVersion(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0
            ? version
            : throw AriadneException.InvalidArgument($"Model version '{text}' is not a version number: versions are whole numbers from 1.");
}
