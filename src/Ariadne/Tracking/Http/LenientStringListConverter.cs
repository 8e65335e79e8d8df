using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ariadne.Tracking.Http;

/// <summary>Reads a repeated string field given as a list, or as one value (as a query string gives it); items may be numbers.</summary>
internal sealed class LenientStringListConverter : JsonConverter<List<string>>
{
    private static readonly LenientStringConverter Item = new();

    public override List<string>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        var list = new List<string>();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            list.Add(Item.Read(ref reader, typeof(string), options) ?? "");
            return list;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            list.Add(Item.Read(ref reader, typeof(string), options) ?? throw new JsonException("A list item is null."));
        }

        return list;
    }

    public override void Write(Utf8JsonWriter writer, List<string> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var item in value)
        {
            writer.WriteStringValue(item);
        }

        writer.WriteEndArray();
    }
}
