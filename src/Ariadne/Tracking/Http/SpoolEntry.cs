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

    /// <summary>The artifact content the server needs before <see cref="Artifacts"/> is recorded (uploaded first, then the records).</summary>
    public List<ContentMessage>? Content { get; set; }

    /// <summary>
    /// The entry as it is set aside after the server refused it: a batch gets a writer id of its own and sequence 1.
    /// The server never applied it, and later batches of its writer were applied with higher sequences, so under the
    /// old id a retry would be skipped as already applied; under its own id a retry applies once, however often sent.
    /// </summary>
    public SpoolEntry SetAside()
    {
        if (Batch is { } batch)
        {
            batch.ClientId = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8)) + "-retry";
            batch.Sequence = 1;
        }

        return this;
    }

    /// <summary>The run the entry writes to.</summary>
    public string RunId() => Create?.RunId ?? Batch?.RunId ?? Update?.RunId ?? Inputs?.RunId ?? Artifacts?.RunId ?? "";
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SpoolEntry))]
internal sealed partial class SpoolJsonContext : JsonSerializerContext;
