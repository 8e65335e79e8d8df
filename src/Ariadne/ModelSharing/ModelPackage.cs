using System.Text;
using System.Text.Json;
using Ariadne.Registry;

namespace Ariadne.ModelSharing;

/// <summary>
/// A model version as it travels between workspaces: its record (model and version descriptions and tags, source,
/// run, who registered it, when), its files and its card by content hash. Stored itself as a content object, so the
/// hash in a <see cref="ModelPointer"/> names exactly one package and every byte is checked on the way in.
/// </summary>
internal sealed record ModelPackage(
    string Name,
    int Version,
    string? ModelDescription,
    IReadOnlyDictionary<string, string> ModelTags,
    string? Description,
    IReadOnlyDictionary<string, string> Tags,
    string Source,
    string? RunId,
    string? RegisteredBy,
    long CreatedAt,
    string ContentHash,
    IReadOnlyList<ModelFile> Files,
    string? Card)
{
    public const int FormatVersion = 1;

    public static ModelPackage From(RegisteredModel model, ModelVersion version, string? card) => new(version.Name, version.Version, model.Description,
        model.Tags, version.Description, version.Tags, version.Source, version.RunId, version.RegisteredBy, version.CreatedAt, version.ContentHash, version.Files, card);

    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("format", FormatVersion);
            w.WriteString("name", Name);
            w.WriteNumber("version", Version);
            w.WriteString("model_description", ModelDescription);
            Map(w, "model_tags", ModelTags);
            w.WriteString("description", Description);
            Map(w, "tags", Tags);
            w.WriteString("source", Source);
            w.WriteString("run_id", RunId);
            w.WriteString("registered_by", RegisteredBy);
            w.WriteNumber("created_at", CreatedAt);
            w.WriteString("content_hash", ContentHash);
            w.WriteStartArray("files");
            foreach (var file in Files)
            {
                w.WriteStartObject();
                w.WriteString("path", file.Path);
                w.WriteString("hash", file.Hash);
                w.WriteNumber("size", file.Size);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteString("card", Card);
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public static ModelPackage Parse(byte[] json, string where)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var format = root.GetProperty("format").GetInt32();
            if (format > FormatVersion)
            {
                throw AriadneException.InvalidArgument($"The model package {where} has format {format}; this ariadne reads up to {FormatVersion}. Update ariadne.");
            }

            return new ModelPackage(
                root.GetProperty("name").GetString()!,
                root.GetProperty("version").GetInt32(),
                root.GetProperty("model_description").GetString(),
                ReadMap(root.GetProperty("model_tags")),
                root.GetProperty("description").GetString(),
                ReadMap(root.GetProperty("tags")),
                root.GetProperty("source").GetString()!,
                root.GetProperty("run_id").GetString(),
                root.GetProperty("registered_by").GetString(),
                root.GetProperty("created_at").GetInt64(),
                root.GetProperty("content_hash").GetString()!,
                [.. root.GetProperty("files").EnumerateArray().Select(f => new ModelFile(f.GetProperty("path").GetString()!, f.GetProperty("hash").GetString()!, f.GetProperty("size").GetInt64()))],
                root.GetProperty("card").GetString());
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw AriadneException.InvalidArgument($"The model package {where} is not readable ({e.Message}). Push the version again from the workspace that has it.");
        }
    }

    private static void Map(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, string> values)
    {
        w.WriteStartObject(name);
        foreach (var (key, value) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.WriteString(key, value);
        }

        w.WriteEndObject();
    }

    private static Dictionary<string, string> ReadMap(JsonElement element) =>
        element.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal);

    public override string ToString() => Encoding.UTF8.GetString(ToJson());
}
