using System.Text.Json.Serialization;
using Ariadne.Data.Holdout;

namespace Ariadne.Tracking.Http;

/// <summary>A read of a sealed part to record (<c>POST /api/ariadne/holdout/record</c>); time in milliseconds since the epoch.</summary>
internal sealed class HoldoutReadRequest
{
    public string? PartBlake3 { get; set; }

    public string? Part { get; set; }

    public string? Manifest { get; set; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? RunId { get; set; }

    public string? Model { get; set; }

    public string? Metric { get; set; }

    public int? Budget { get; set; }

    public string? OverrideReason { get; set; }

    public long? Time { get; set; }

    /// <summary>The id the client chose for this read (a GUID, the same on every retry); a client that sends none gets a new one, so its retries count again.</summary>
    public string? ReadId { get; set; }
}

/// <summary>Which reads to list (<c>/api/ariadne/holdout/reads</c>): all, or those of one sealed part.</summary>
internal sealed class HoldoutReadsQuery
{
    public string? PartBlake3 { get; set; }
}

internal sealed record HoldoutAccessJson(long Id, string PartBlake3, string Part, string Manifest, string? RunId, string Model, string Metric, long Time, int Budget, string? OverrideReason)
{
    public static HoldoutAccessJson From(HoldoutAccess a) =>
        new(a.Id, a.PartBlake3, a.Part, a.Manifest, a.RunId, a.Model, a.Metric, a.Time.ToUnixTimeMilliseconds(), a.Budget, a.OverrideReason);

    public HoldoutAccess ToAccess() =>
        new(Id, PartBlake3, Part, Manifest, RunId, Model, Metric, DateTimeOffset.FromUnixTimeMilliseconds(Time), Budget, OverrideReason);
}

internal sealed record HoldoutReadResponse(HoldoutAccessJson Read);

internal sealed record HoldoutReadsResponse(IReadOnlyList<HoldoutAccessJson> Reads);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HoldoutReadRequest))]
[JsonSerializable(typeof(HoldoutReadsQuery))]
[JsonSerializable(typeof(HoldoutReadResponse))]
[JsonSerializable(typeof(HoldoutReadsResponse))]
internal sealed partial class HoldoutJsonContext : JsonSerializerContext;
