using System.Text.Json;

namespace Ariadne.Data.Splitting;

/// <summary>The content hashes of the sealed parts that split manifests name: what must not leave as a run artifact.</summary>
public static class SealedParts
{
    /// <summary>The BLAKE3 hashes of every sealed part named in the manifests at <paramref name="manifestFiles"/> (unreadable files are skipped).</summary>
    public static IReadOnlySet<string> In(IEnumerable<string> manifestFiles)
    {
        var hashes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in manifestFiles.Where(File.Exists))
        {
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllBytes(file));
                if (!document.RootElement.TryGetProperty("parts", out var parts) || parts.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                foreach (var part in parts.EnumerateArray())
                {
                    if (part.TryGetProperty("sealed", out var isSealed) && isSealed.ValueKind == JsonValueKind.True
                        && part.TryGetProperty("blake3", out var hash) && hash.GetString() is { } hex)
                    {
                        hashes.Add(hex);
                    }
                }
            }
            catch (JsonException)
            {
                // Not a split manifest after all: nothing sealed in it.
            }
        }

        return hashes;
    }
}
