using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Ariadne.Cli;

/// <summary>Writes --json output with Utf8JsonWriter (no reflection, so the tool stays Native AOT friendly).</summary>
internal static class JsonOutput
{
    public static void Write(CliContext context, Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            body(writer);
        }

        context.Console.Profile.Out.Writer.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>Writes one of the source-generated wire types (the shapes the server's REST API answers with).</summary>
    public static void Write<T>(CliContext context, T value, JsonTypeInfo<T> type) =>
        Write(context, writer => JsonSerializer.Serialize(writer, value, type));

    public static void WriteStrings(this Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
