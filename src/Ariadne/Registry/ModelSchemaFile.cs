using System.Text.Json;
using Ariadne.Content;
using Ariadne.Tracking;

namespace Ariadne.Registry;

/// <summary>
/// The input and output schema of a model registered from a run, read from the <c>schema.json</c> that ML.NET
/// autologging (Ariadne.MLNet) stores next to the model (format <c>ariadne.mlnet.model-schema</c>, docs/mlnet.md):
/// the one among the registered files, or else the one beside a run artifact <c>model.zip</c> with the same bytes as a
/// registered file (a pipeline's <c>outs/model/model.zip</c> saved deterministically is the autologged model). Read
/// from the content cache that holds the run's artifacts; a schema that is absent, not in the cache or in another
/// format leaves the version's schema unknown.
/// </summary>
internal static class ModelSchemaFile
{
    public const string Format = "ariadne.mlnet.model-schema";
    public const string FileName = "schema.json";
    private const string ModelFileName = "model.zip";

    public static (string? Input, string? Output) Find(IReadOnlyList<RunArtifact> artifacts, IReadOnlyList<ModelFile> files, ObjectCache? cache)
    {
        if (cache is null)
        {
            return (null, null);
        }

        var hash = files.FirstOrDefault(f => f.Path == FileName)?.Hash ?? BesideSameModel(artifacts, files);
        if (hash is null || !ContentHash.TryParse(hash, out var parsed) || !cache.Contains(parsed))
        {
            return (null, null);
        }

        try
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(cache.PathOf(parsed)));
            var root = json.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("format", out var format) && format.ValueKind == JsonValueKind.String && format.GetString() == Format
                && root.TryGetProperty("inputs", out var inputs) && inputs.ValueKind == JsonValueKind.Array
                && root.TryGetProperty("outputs", out var outputs) && outputs.ValueKind == JsonValueKind.Array
                    ? (inputs.GetRawText(), outputs.GetRawText())
                    : (null, null);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static string? BesideSameModel(IReadOnlyList<RunArtifact> artifacts, IReadOnlyList<ModelFile> files)
    {
        var models = files.Where(f => f.Path == ModelFileName || f.Path.EndsWith("/" + ModelFileName, StringComparison.Ordinal)).Select(f => f.Hash).ToHashSet(StringComparer.Ordinal);
        foreach (var model in artifacts.Where(a => models.Contains(a.Hash) && (a.Path == ModelFileName || a.Path.EndsWith("/" + ModelFileName, StringComparison.Ordinal))))
        {
            var schemaPath = model.Path[..^ModelFileName.Length] + FileName;
            if (artifacts.LastOrDefault(a => a.Path == schemaPath) is { } schema)
            {
                return schema.Hash;
            }
        }

        return null;
    }
}
