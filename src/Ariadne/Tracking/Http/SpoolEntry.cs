using System.Text.Json.Serialization;

namespace Ariadne.Tracking.Http;

/// <summary>
/// One write waiting in the spool: a run created while the server was away (idempotent: the run id is chosen here), a
/// sequenced batch, a run update (idempotent: the same status and end time again), or inputs and artifact records
/// (idempotent: keyed by hash and role, by path).
/// </summary>
internal sealed class SpoolEntry
{
    public AriadneCreateRunRequest? Create { get; set; }

    public SequencedBatchRequest? Batch { get; set; }

    public UpdateRunRequest? Update { get; set; }

    public AriadneLogInputsRequest? Inputs { get; set; }

    public AriadneLogArtifactsRequest? Artifacts { get; set; }

    /// <summary>The run the entry writes to.</summary>
    public string RunId() => Create?.RunId ?? Batch?.RunId ?? Update?.RunId ?? Inputs?.RunId ?? Artifacts?.RunId ?? "";
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SpoolEntry))]
internal sealed partial class SpoolJsonContext : JsonSerializerContext;
