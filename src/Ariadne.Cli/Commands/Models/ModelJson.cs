using System.Text.Json;
using Ariadne.Registry;

namespace Ariadne.Cli.Commands.Models;

/// <summary>The --json shapes of the models commands: one object per registered model or version.</summary>
internal static class ModelJson
{
    public static void WriteModel(Utf8JsonWriter w, RegisteredModel model)
    {
        w.WriteStartObject();
        w.WriteString("name", model.Name);
        w.WriteString("description", model.Description);
        w.WriteNumber("created_at", model.CreatedAt);
        w.WriteNumber("updated_at", model.UpdatedAt);
        if (model.LatestVersion is { } latest)
        {
            w.WriteNumber("latest_version", latest);
        }
        else
        {
            w.WriteNull("latest_version");
        }

        w.WriteStartObject("aliases");
        foreach (var (alias, version) in model.Aliases)
        {
            w.WriteNumber(alias, version);
        }

        w.WriteEndObject();
        WriteTags(w, model.Tags);
        w.WriteEndObject();
    }

    public static void WriteVersion(Utf8JsonWriter w, ModelVersion version)
    {
        w.WriteStartObject();
        w.WriteString("name", version.Name);
        w.WriteNumber("version", version.Version);
        w.WriteString("uri", version.Uri);
        w.WriteString("source", version.Source);
        w.WriteString("run_id", version.RunId);
        w.WriteString("status", version.Status);
        w.WriteString("registered_by", version.RegisteredBy);
        w.WriteString("description", version.Description);
        w.WriteNumber("created_at", version.CreatedAt);
        w.WriteNumber("updated_at", version.UpdatedAt);
        w.WriteString("content_hash", version.ContentHash);
        w.WriteNumber("size", version.Size);
        w.WriteStrings("aliases", version.Aliases);
        WriteTags(w, version.Tags);
        w.WriteStartArray("files");
        foreach (var file in version.Files)
        {
            w.WriteStartObject();
            w.WriteString("path", file.Path);
            w.WriteString("blake3", file.Hash);
            w.WriteNumber("size", file.Size);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("input_schema", version.InputSchema);
        w.WriteString("output_schema", version.OutputSchema);
        w.WriteEndObject();
    }

    private static void WriteTags(Utf8JsonWriter w, IReadOnlyDictionary<string, string> tags)
    {
        w.WriteStartObject("tags");
        foreach (var (key, value) in tags)
        {
            w.WriteString(key, value);
        }

        w.WriteEndObject();
    }
}
