using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ariadne.Tracking.Http;

/// <summary>
/// Reads a string field that real clients also send as a number or a bool: ids (<c>"experiment_id": 1</c>) and enum
/// values (<c>"status": 3</c> as well as <c>"status": "FINISHED"</c>), as protobuf's JSON mapping allows.
/// </summary>
internal sealed class LenientStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => reader.TryGetInt64(out var whole)
            ? whole.ToString(CultureInfo.InvariantCulture)
            : reader.GetDouble().ToString(CultureInfo.InvariantCulture),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => null,
        _ => throw new JsonException($"Expected a string or a number, found {reader.TokenType}."),
    };

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
