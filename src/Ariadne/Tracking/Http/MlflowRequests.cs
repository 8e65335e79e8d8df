using System.Text.Json.Serialization;

namespace Ariadne.Tracking.Http;

// The request messages of MLflow's service.proto, as JSON: snake_case names, unknown fields ignored, int64 as
// numbers or strings, enums as names or numbers. Runs are named by run_id or by the older run_uuid.

internal sealed class KeyValueMessage
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Key { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Value { get; set; }
}

internal sealed class MetricMessage
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Key { get; set; }

    public double? Value { get; set; }

    public long? Timestamp { get; set; }

    public long? Step { get; set; }
}

internal class RunRequest
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? RunId { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? RunUuid { get; set; }
}

internal sealed class CreateExperimentRequest
{
    public string? Name { get; set; }

    public string? ArtifactLocation { get; set; }

    public List<KeyValueMessage>? Tags { get; set; }
}

internal sealed class ExperimentRequest
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? ExperimentId { get; set; }

    public string? ExperimentName { get; set; }

    public string? NewName { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Key { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Value { get; set; }
}

internal sealed class SearchExperimentsRequest
{
    public long? MaxResults { get; set; }

    public string? PageToken { get; set; }

    public string? Filter { get; set; }

    public List<string>? OrderBy { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? ViewType { get; set; }
}

internal sealed class CreateRunRequest
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? ExperimentId { get; set; }

    public string? UserId { get; set; }

    public string? RunName { get; set; }

    public long? StartTime { get; set; }

    public List<KeyValueMessage>? Tags { get; set; }
}

internal sealed class UpdateRunRequest : RunRequest
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Status { get; set; }

    public long? EndTime { get; set; }

    public string? RunName { get; set; }
}

internal sealed class SearchRunsRequest
{
    [JsonConverter(typeof(LenientStringListConverter))]
    public List<string>? ExperimentIds { get; set; }

    public string? Filter { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? RunViewType { get; set; }

    public long? MaxResults { get; set; }

    [JsonConverter(typeof(LenientStringListConverter))]
    public List<string>? OrderBy { get; set; }

    public string? PageToken { get; set; }
}

internal sealed class LogMetricRequest : RunRequest
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Key { get; set; }

    public double? Value { get; set; }

    public long? Timestamp { get; set; }

    public long? Step { get; set; }
}

internal sealed class KeyValueRunRequest : RunRequest
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Key { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Value { get; set; }
}

internal sealed class LogBatchRequest : RunRequest
{
    public List<MetricMessage>? Metrics { get; set; }

    public List<KeyValueMessage>? Params { get; set; }

    public List<KeyValueMessage>? Tags { get; set; }
}

internal sealed class DatasetMessage
{
    public string? Name { get; set; }

    public string? Digest { get; set; }

    public string? SourceType { get; set; }

    public string? Source { get; set; }

    public string? Schema { get; set; }

    public string? Profile { get; set; }
}

internal sealed class DatasetInputMessage
{
    public List<KeyValueMessage>? Tags { get; set; }

    public DatasetMessage? Dataset { get; set; }
}

internal sealed class LogInputsRequest : RunRequest
{
    public List<DatasetInputMessage>? Datasets { get; set; }
}

internal sealed class MetricHistoryRequest : RunRequest
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? MetricKey { get; set; }

    public string? PageToken { get; set; }

    public long? MaxResults { get; set; }
}

internal sealed class ListArtifactsRequest : RunRequest
{
    public string? Path { get; set; }

    public string? PageToken { get; set; }
}
