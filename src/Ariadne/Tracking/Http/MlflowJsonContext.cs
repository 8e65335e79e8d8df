using System.Text.Json.Serialization;

namespace Ariadne.Tracking.Http;

/// <summary>
/// Source-generated JSON for every MLflow message (Native AOT: no reflection). Reading accepts numbers written as
/// strings and "NaN"/"Infinity"; writing leaves null fields out, as protobuf's JSON does for unset fields.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(CreateExperimentRequest))]
[JsonSerializable(typeof(ExperimentRequest))]
[JsonSerializable(typeof(SearchExperimentsRequest))]
[JsonSerializable(typeof(CreateRunRequest))]
[JsonSerializable(typeof(RunRequest))]
[JsonSerializable(typeof(UpdateRunRequest))]
[JsonSerializable(typeof(SearchRunsRequest))]
[JsonSerializable(typeof(LogMetricRequest))]
[JsonSerializable(typeof(KeyValueRunRequest))]
[JsonSerializable(typeof(LogBatchRequest))]
[JsonSerializable(typeof(LogInputsRequest))]
[JsonSerializable(typeof(MetricHistoryRequest))]
[JsonSerializable(typeof(ListArtifactsRequest))]
[JsonSerializable(typeof(ErrorJson))]
[JsonSerializable(typeof(EmptyJson))]
[JsonSerializable(typeof(CreateExperimentResponse))]
[JsonSerializable(typeof(ExperimentResponse))]
[JsonSerializable(typeof(SearchExperimentsResponse))]
[JsonSerializable(typeof(RunResponse))]
[JsonSerializable(typeof(UpdateRunResponse))]
[JsonSerializable(typeof(SearchRunsResponse))]
[JsonSerializable(typeof(MetricHistoryResponse))]
[JsonSerializable(typeof(ListArtifactsResponse))]
[JsonSerializable(typeof(ArtifactProxyListResponse))]
internal sealed partial class MlflowJsonContext : JsonSerializerContext;
