using System.Text.Json.Serialization;

namespace Ariadne.Tracking.Http;

// The response messages of MLflow's service.proto, as MLflow's server writes them: snake_case names, int64 as JSON
// numbers, enums as names, absent optional fields left out.

internal sealed record KeyValueJson(string Key, string Value);

internal sealed record MetricJson(string Key, double Value, long Timestamp, long Step);

internal sealed record ExperimentJson(
    string ExperimentId,
    string Name,
    string ArtifactLocation,
    string LifecycleStage,
    long LastUpdateTime,
    long CreationTime,
    IReadOnlyList<KeyValueJson> Tags);

internal sealed record RunInfoJson(
    string RunId,
    string RunUuid,
    string RunName,
    string ExperimentId,
    string UserId,
    string Status,
    long StartTime,
    long? EndTime,
    string ArtifactUri,
    string LifecycleStage);

internal sealed record RunDataJson(IReadOnlyList<MetricJson> Metrics, IReadOnlyList<KeyValueJson> Params, IReadOnlyList<KeyValueJson> Tags);

internal sealed record DatasetJson(string Name, string Digest, string SourceType, string Source, string Schema, string Profile);

internal sealed record DatasetInputJson(IReadOnlyList<KeyValueJson> Tags, DatasetJson Dataset);

internal sealed record RunInputsJson(IReadOnlyList<DatasetInputJson> DatasetInputs);

internal sealed record RunJson(RunInfoJson Info, RunDataJson Data, RunInputsJson Inputs);

internal sealed record FileInfoJson(string Path, bool IsDir, long? FileSize);

internal sealed record ErrorJson(string ErrorCode, string Message)
{
    /// <summary>The request's id in the server's log, on unexpected errors (an Ariadne addition MLflow clients ignore).</summary>
    public string? RequestId { get; init; }
}

internal sealed record EmptyJson;

internal sealed record CreateExperimentResponse(string ExperimentId);

internal sealed record ExperimentResponse(ExperimentJson Experiment);

internal sealed record SearchExperimentsResponse(IReadOnlyList<ExperimentJson> Experiments, string? NextPageToken);

internal sealed record RunResponse(RunJson Run);

internal sealed record UpdateRunResponse(RunInfoJson RunInfo);

internal sealed record SearchRunsResponse(IReadOnlyList<RunJson> Runs, string? NextPageToken);

internal sealed record MetricHistoryResponse(IReadOnlyList<MetricJson> Metrics, string? NextPageToken);

internal sealed record ListArtifactsResponse(string RootUri, IReadOnlyList<FileInfoJson> Files, string? NextPageToken);

internal sealed record ArtifactProxyListResponse(IReadOnlyList<FileInfoJson> Files);
