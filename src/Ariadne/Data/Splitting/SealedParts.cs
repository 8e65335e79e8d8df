using System.Text.Json;
using Ariadne.Tracking;

namespace Ariadne.Data.Splitting;

/// <summary>
/// The sealed parts that split manifests name: what must not leave as a run artifact, be previewed or downloaded
/// (reading one goes through the holdout ledger: <c>ariadne holdout read</c>).
/// </summary>
internal static class SealedParts
{
    /// <summary>The largest split.json read to find sealed parts; a bigger file is no split manifest.</summary>
    public const long MaxManifestBytes = 1 << 20;

    /// <summary>The BLAKE3 hashes of every sealed part named in the manifests at <paramref name="manifestFiles"/> (unreadable files are skipped).</summary>
    public static IReadOnlySet<string> In(IEnumerable<string> manifestFiles) =>
        new HashSet<string>(manifestFiles.Where(File.Exists).SelectMany(f => Parse(File.ReadAllBytes(f))).Select(p => p.Blake3), StringComparer.Ordinal);

    /// <summary>
    /// Which of a run's artifacts are sealed parts, by path: those that a <c>split.json</c> artifact in the same folder
    /// names as its sealed part, and any whose hash is a sealed part's. <paramref name="read"/> gives an artifact's bytes (null when unavailable).
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> AmongArtifactsAsync(IReadOnlyList<RunArtifact> artifacts, Func<RunArtifact, CancellationToken, Task<byte[]?>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(artifacts);
        ArgumentNullException.ThrowIfNull(read);
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var manifest in artifacts.Where(a => (a.Path == SplitManifest.FileName || a.Path.EndsWith("/" + SplitManifest.FileName, StringComparison.Ordinal)) && a.Size <= MaxManifestBytes))
        {
            var bytes = await read(manifest, cancellationToken).ConfigureAwait(false);
            if (bytes is null)
            {
                continue;
            }

            var folder = manifest.Path[..^SplitManifest.FileName.Length];
            foreach (var part in Parse(bytes))
            {
                foreach (var artifact in artifacts.Where(a => a.Path == folder + part.File || a.Hash == part.Blake3))
                {
                    found[artifact.Path] = part.Name;
                }
            }
        }

        return found;
    }

    /// <summary>The sealed parts (name, file, hash) of the split manifest in <paramref name="json"/>; none when it is no split manifest.</summary>
    private static IEnumerable<(string Name, string File, string Blake3)> Parse(byte[] json)
    {
        var sealedParts = new List<(string, string, string)>();
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("parts", out var parts) || parts.ValueKind != JsonValueKind.Array)
            {
                return sealedParts;
            }

            foreach (var part in parts.EnumerateArray())
            {
                if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("sealed", out var isSealed) && isSealed.ValueKind == JsonValueKind.True
                    && part.TryGetProperty("blake3", out var hash) && hash.ValueKind == JsonValueKind.String)
                {
                    var name = part.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "sealed";
                    var file = part.TryGetProperty("file", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString()! : "";
                    sealedParts.Add((name, file, hash.GetString()!));
                }
            }
        }
        catch (JsonException)
        {
            // Not a split manifest after all: nothing sealed in it.
        }

        return sealedParts;
    }
}
