using System.Text.Json.Serialization;

namespace Ariadne.Tracking.Http;

// The messages of MLflow's model_registry.proto, as JSON (snake_case, int64 as numbers or strings, versions as
// strings). A model version also carries Ariadne's own record under "ariadne" (files by content hash, schemas), which
// MLflow's clients ignore as an unknown field.

/// <summary>Every registry request's fields; each endpoint reads the ones MLflow names for it.</summary>
internal sealed class RegistryRequest
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Name { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? NewName { get; set; }

    public string? Description { get; set; }

    public List<KeyValueMessage>? Tags { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Key { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Value { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Alias { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Version { get; set; }

    public string? Source { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? RunId { get; set; }

    public string? RunLink { get; set; }

    public string? Filter { get; set; }

    public long? MaxResults { get; set; }

    [JsonConverter(typeof(LenientStringListConverter))]
    public List<string>? OrderBy { get; set; }

    public string? PageToken { get; set; }

    [JsonConverter(typeof(LenientStringListConverter))]
    public List<string>? Stages { get; set; }

    /// <summary>Ariadne's part of a new version (files, schemas, who registers it); absent from MLflow's clients.</summary>
    public AriadneVersionJson? Ariadne { get; set; }
}

internal sealed class ModelFileJson
{
    public string Path { get; set; } = "";

    public string Hash { get; set; } = "";

    public long Size { get; set; }
}

/// <summary>What a model version is in Ariadne beyond MLflow's fields.</summary>
internal sealed class AriadneVersionJson
{
    public string? ContentHash { get; set; }

    public List<ModelFileJson>? Files { get; set; }

    public string? InputSchema { get; set; }

    public string? OutputSchema { get; set; }

    public string? RegisteredBy { get; set; }
}

internal sealed class RegisteredModelTagJson
{
    public string Key { get; set; } = "";

    public string Value { get; set; } = "";
}

internal sealed class RegisteredModelAliasJson
{
    public string Alias { get; set; } = "";

    [JsonConverter(typeof(LenientStringConverter))]
    public string Version { get; set; } = "";
}

internal sealed class ModelVersionJson
{
    public string Name { get; set; } = "";

    [JsonConverter(typeof(LenientStringConverter))]
    public string Version { get; set; } = "";

    public long CreationTimestamp { get; set; }

    public long LastUpdatedTimestamp { get; set; }

    public string? UserId { get; set; }

    public string CurrentStage { get; set; } = "None";

    public string? Description { get; set; }

    public string Source { get; set; } = "";

    public string? RunId { get; set; }

    public string Status { get; set; } = "READY";

    public string? StatusMessage { get; set; }

    public List<RegisteredModelTagJson>? Tags { get; set; }

    public string? RunLink { get; set; }

    public List<string>? Aliases { get; set; }

    public AriadneVersionJson? Ariadne { get; set; }
}

internal sealed class RegisteredModelJson
{
    public string Name { get; set; } = "";

    public long CreationTimestamp { get; set; }

    public long LastUpdatedTimestamp { get; set; }

    public string? Description { get; set; }

    public List<ModelVersionJson>? LatestVersions { get; set; }

    public List<RegisteredModelTagJson>? Tags { get; set; }

    public List<RegisteredModelAliasJson>? Aliases { get; set; }
}

internal sealed record RegisteredModelResponse(RegisteredModelJson RegisteredModel);

internal sealed record SearchRegisteredModelsResponse(List<RegisteredModelJson>? RegisteredModels, string? NextPageToken);

internal sealed record ModelVersionResponse(ModelVersionJson ModelVersion);

internal sealed record ModelVersionsResponse(List<ModelVersionJson>? ModelVersions);

internal sealed record SearchModelVersionsResponse(List<ModelVersionJson>? ModelVersions, string? NextPageToken);

internal sealed record DownloadUriResponse(string ArtifactUri);

/// <summary>Source-generated JSON for the registry's messages.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RegistryRequest))]
[JsonSerializable(typeof(RegisteredModelResponse))]
[JsonSerializable(typeof(SearchRegisteredModelsResponse))]
[JsonSerializable(typeof(ModelVersionResponse))]
[JsonSerializable(typeof(ModelVersionsResponse))]
[JsonSerializable(typeof(SearchModelVersionsResponse))]
[JsonSerializable(typeof(DownloadUriResponse))]
internal sealed partial class RegistryJsonContext : JsonSerializerContext;
