using System.Text.Json.Serialization;
using Ariadne.Server.AriadneApi;
using Ariadne.Server.Mlflow;

namespace Ariadne.Server.Client;

/// <summary>
/// One write waiting in the spool: a run created while the server was away (idempotent: the run id is chosen here), a
/// sequenced batch, or a run update (idempotent: the same status and end time again).
/// </summary>
internal sealed class SpoolEntry
{
    public AriadneCreateRunRequest? Create { get; set; }

    public SequencedBatchRequest? Batch { get; set; }

    public UpdateRunRequest? Update { get; set; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SpoolEntry))]
internal sealed partial class SpoolJsonContext : JsonSerializerContext;
