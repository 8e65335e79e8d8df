using System.Text;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Ariadne.MLNet;

/// <summary>
/// The input and output columns of a fitted model, written next to it as <c>schema.json</c> (format in docs/mlnet.md):
/// what a caller must send (the training data's columns) and what the model adds (the columns of its output schema
/// that are not among the inputs, or that it replaced). The registry and a future <c>ariadne serve</c> read it.
/// </summary>
internal static class ModelSchema
{
    public const string Format = "ariadne.mlnet.model-schema";
    public const int FormatVersion = 1;

    public static string ToJson(ITransformer model, DataViewSchema inputSchema, IReadOnlyDictionary<string, string> pipeline)
    {
        var output = model.GetOutputSchema(inputSchema);
        var inputs = Visible(inputSchema).ToList();
        var added = Visible(output).Where(c => inputSchema.GetColumnOrNull(c.Name) is not { } before || before.IsHidden || !before.Type.Equals(c.Type)).ToList();
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteNumber("format_version", FormatVersion);
            json.WriteString("framework", "ML.NET");
            json.WriteString("framework_version", pipeline.GetValueOrDefault(AutologKeys.Version, "unknown"));
            json.WriteString("model", AutologKeys.ModelFile);
            WriteOptional(json, "task", pipeline.GetValueOrDefault(AutologKeys.Task));
            WriteOptional(json, "trainer", pipeline.GetValueOrDefault(AutologKeys.Trainer));
            json.WriteString("pipeline", pipeline.GetValueOrDefault(AutologKeys.Pipeline, ""));
            WriteColumns(json, "inputs", inputs);
            WriteColumns(json, "outputs", added);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>One line per column, <c>name:type</c>, for the <c>mlnet.train.schema</c> param.</summary>
    public static string Summary(DataViewSchema schema) =>
        string.Join(", ", Visible(schema).Select(c => $"{c.Name}:{TypeName(c.Type)}"));

    private static IEnumerable<DataViewSchema.Column> Visible(DataViewSchema schema) => schema.Where(c => !c.IsHidden);

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteColumns(Utf8JsonWriter json, string name, IEnumerable<DataViewSchema.Column> columns)
    {
        json.WriteStartArray(name);
        foreach (var column in columns)
        {
            json.WriteStartObject();
            json.WriteString("name", column.Name);
            var type = column.Type;
            if (type is VectorDataViewType vector)
            {
                json.WriteString("type", TypeName(vector.ItemType));
                json.WriteBoolean("vector", true);
                json.WriteNumber("size", vector.Size); // 0: variable length
                type = vector.ItemType;
            }
            else
            {
                json.WriteString("type", TypeName(type));
            }

            if (type is KeyDataViewType key)
            {
                json.WriteNumber("key_count", key.Count);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>Single, Double, Int32, Boolean, String, DateTime, Key&lt;UInt32&gt;, Vector&lt;Single, 4&gt;.</summary>
    internal static string TypeName(DataViewType type) => type switch
    {
        TextDataViewType => "String",
        BooleanDataViewType => "Boolean",
        KeyDataViewType key => $"Key<{key.RawType.Name}>",
        VectorDataViewType vector => $"Vector<{TypeName(vector.ItemType)}, {vector.Size}>",
        PrimitiveDataViewType primitive => primitive.RawType.Name,
        _ => type.ToString() ?? type.GetType().Name,
    };
}
