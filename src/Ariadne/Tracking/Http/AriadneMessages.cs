using System.Text.Json.Serialization;

namespace Ariadne.Tracking.Http;

// Ariadne's own API messages, shaped like MLflow's: snake_case, run_id, lists of objects, int64 as numbers.

internal sealed class InputMessage
{
    public string? Hash { get; set; }

    public string? Role { get; set; }

    public string? PointerPath { get; set; }

    public string? DatasetName { get; set; }

    public string? DatasetVersion { get; set; }
}

internal sealed class AriadneLogInputsRequest : RunRequest
{
    public List<InputMessage>? Inputs { get; set; }
}

internal sealed class ArtifactMessage
{
    public string? Path { get; set; }

    public string? Hash { get; set; }

    public long? Size { get; set; }
}

internal sealed class AriadneLogArtifactsRequest : RunRequest
{
    public List<ArtifactMessage>? Artifacts { get; set; }
}

/// <summary>A log-batch that is applied at most once: <see cref="ClientId"/> names the writer, <see cref="Sequence"/> counts its batches for the run from 1.</summary>
internal sealed class SequencedBatchRequest : RunRequest
{
    public List<MetricMessage>? Metrics { get; set; }

    public List<KeyValueMessage>? Params { get; set; }

    public List<KeyValueMessage>? Tags { get; set; }

    public string? ClientId { get; set; }

    public long? Sequence { get; set; }
}

internal sealed class AriadneCreateRunRequest
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? ExperimentId { get; set; }

    public string? ExperimentName { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? RunId { get; set; }

    public string? RunName { get; set; }

    public string? UserId { get; set; }

    public long? StartTime { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? ParentRunId { get; set; }

    public List<KeyValueMessage>? Tags { get; set; }
}

internal sealed class ContentQuery
{
    public List<string>? Hashes { get; set; }

    /// <summary>"read" or "written".</summary>
    public string? Direction { get; set; }
}

internal sealed class DatasetQuery
{
    public string? Hash { get; set; }

    public string? Name { get; set; }
}

internal sealed class DatasetVersionMessage
{
    public string? Name { get; set; }

    public string? Version { get; set; }

    public string? Hash { get; set; }

    public long? Size { get; set; }

    public long? Files { get; set; }

    public string? PointerPath { get; set; }

    public string? GitCommit { get; set; }

    public long? CreatedAt { get; set; }
}

internal sealed class DownsampledHistoryRequest : RunRequest
{
    public string? MetricKey { get; set; }

    public long? MaxPoints { get; set; }
}

internal sealed record InputJson(string Hash, string Role, string? PointerPath, string? DatasetName, string? DatasetVersion);

internal sealed record InputsResponse(IReadOnlyList<InputJson> Inputs);

internal sealed record ArtifactJson(string Path, string Hash, long Size)
{
    public static ArtifactJson From(RunArtifact artifact) => new(artifact.Path, artifact.Hash, artifact.Size);
}

internal sealed record ArtifactsResponse(IReadOnlyList<ArtifactJson> Artifacts);

internal sealed record EnvironmentResponse(IReadOnlyList<KeyValueJson> Environment, IReadOnlyList<ArtifactJson> Records);

internal sealed record DatasetUseJson(RunInfoJson Run, string Role);

internal sealed record DatasetUsesResponse(IReadOnlyList<DatasetUseJson> Uses);

internal sealed record ContentRecordJson(string Hash, string RunId, string Direction, string? Path, string? Role, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] long? Size = null);

internal sealed record ContentRecordsResponse(IReadOnlyList<ContentRecordJson> Records);

internal sealed record DatasetVersionJson(string Name, string Version, string Hash, long Size, long Files, string PointerPath, string? GitCommit, long CreatedAt);

internal sealed record DatasetVersionsResponse(IReadOnlyList<DatasetVersionJson> Versions);

internal sealed record SequencedBatchResponse(bool Applied);

/// <summary>
/// A run as <c>ariadne runs show --json</c> prints it: <see cref="Run"/> is the run exactly as the REST API's
/// <c>runs/get</c> describes it, next to its artifacts (<c>runs/artifacts</c>) and, in an export, every metric's history.
/// </summary>
internal sealed record RunDetailsJson(RunJson Run, IReadOnlyList<ArtifactJson> Artifacts)
{
    public IReadOnlyDictionary<string, IReadOnlyList<MetricJson>>? MetricHistory { get; init; }

    public static RunDetailsJson From(Run run, IReadOnlyList<RunArtifact> artifacts, IReadOnlyDictionary<string, IReadOnlyList<Metric>>? histories = null) =>
        new(MlflowMapping.ToJson(run), [.. artifacts.Select(ArtifactJson.From)])
        {
            MetricHistory = histories?.ToDictionary(h => h.Key, h => (IReadOnlyList<MetricJson>)[.. h.Value.Select(MlflowMapping.ToJson)], StringComparer.Ordinal),
        };
}

/// <summary>What <c>ariadne runs export</c> writes: a format name and the runs.</summary>
internal sealed record RunExportJson(string Format, IReadOnlyList<RunDetailsJson> Runs)
{
    public const string CurrentFormat = "ariadne-runs/2";
}

/// <summary>One experiment's activity in <c>experiments/activity</c>: active runs and the last start or end.</summary>
internal sealed record ExperimentActivityJson(string ExperimentId, long Runs, long LastActivity);

internal sealed record ExperimentActivityResponse(IReadOnlyList<ExperimentActivityJson> Experiments);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ExperimentActivityResponse))]
[JsonSerializable(typeof(AriadneLogInputsRequest))]
[JsonSerializable(typeof(AriadneLogArtifactsRequest))]
[JsonSerializable(typeof(SequencedBatchRequest))]
[JsonSerializable(typeof(AriadneCreateRunRequest))]
[JsonSerializable(typeof(DatasetQuery))]
[JsonSerializable(typeof(ContentQuery))]
[JsonSerializable(typeof(ContentRecordsResponse))]
[JsonSerializable(typeof(DatasetVersionMessage))]
[JsonSerializable(typeof(DownsampledHistoryRequest))]
[JsonSerializable(typeof(InputsResponse))]
[JsonSerializable(typeof(ArtifactsResponse))]
[JsonSerializable(typeof(EnvironmentResponse))]
[JsonSerializable(typeof(DatasetUsesResponse))]
[JsonSerializable(typeof(DatasetVersionsResponse))]
[JsonSerializable(typeof(SequencedBatchResponse))]
[JsonSerializable(typeof(RunDetailsJson))]
[JsonSerializable(typeof(RunExportJson))]
[JsonSerializable(typeof(MissingContentRequest))]
[JsonSerializable(typeof(MissingContentResponse))]
[JsonSerializable(typeof(UploadStateResponse))]
internal sealed partial class AriadneJsonContext : JsonSerializerContext;
