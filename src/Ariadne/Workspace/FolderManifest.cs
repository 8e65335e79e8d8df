using System.Buffers;
using System.Text;
using System.Text.Json;
using Ariadne.Content;

namespace Ariadne.Workspace;

/// <summary>
/// The list of files of a tracked folder, stored as an object in the cache and named by its own hash. JSON Lines,
/// one file per line, sorted by path (ordinal), so two versions of a folder diff line by line:
/// <code>
/// {"path":"a/b.csv","blake3":"3f1c…","size":123}
/// </code>
/// </summary>
internal sealed class FolderManifest
{
    public FolderManifest(IReadOnlyList<ManifestEntry> entries) => Entries = entries;

    /// <summary>Sorted by path, ordinal.</summary>
    public IReadOnlyList<ManifestEntry> Entries { get; }

    public long TotalSize => Entries.Sum(e => e.Size);

    public static FolderManifest FromUnsorted(IEnumerable<ManifestEntry> entries)
    {
        var list = entries.ToList();
        list.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return new FolderManifest(list);
    }

    public byte[] Serialize()
    {
        var buffer = new ArrayBufferWriter<byte>(Entries.Count * 110 + 16);
        var options = new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };
        foreach (var entry in Entries)
        {
            using (var writer = new Utf8JsonWriter(buffer, options))
            {
                writer.WriteStartObject();
                writer.WriteString("path"u8, entry.Path);
                writer.WriteString("blake3"u8, entry.Hash.Hex);
                writer.WriteNumber("size"u8, entry.Size);
                writer.WriteEndObject();
            }

            buffer.Write("\n"u8);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static FolderManifest Parse(ReadOnlySpan<byte> content, string name)
    {
        var entries = new List<ManifestEntry>();
        var lineNumber = 0;
        while (!content.IsEmpty)
        {
            lineNumber++;
            var end = content.IndexOf((byte)'\n');
            var line = end < 0 ? content : content[..end];
            content = end < 0 ? [] : content[(end + 1)..];
            if (line.IsEmpty)
            {
                continue;
            }

            entries.Add(ParseLine(line, name, lineNumber));
        }

        for (var i = 1; i < entries.Count; i++)
        {
            if (string.CompareOrdinal(entries[i - 1].Path, entries[i].Path) >= 0)
            {
                throw AriadneException.MalformedManifest(name, $"entries are not sorted or repeat a path at line {i + 1}");
            }
        }

        return new FolderManifest(entries);
    }

    public static FolderManifest Load(ObjectCache cache, ContentHash hash)
    {
        var path = cache.PathOf(hash);
        if (!File.Exists(path))
        {
            throw AriadneException.ObjectNotFound(hash.Hex, "the cache (folder manifest)");
        }

        return Parse(File.ReadAllBytes(path), hash.Hex);
    }

    private static ManifestEntry ParseLine(ReadOnlySpan<byte> line, string name, int lineNumber)
    {
        string? path = null;
        string? hash = null;
        long size = -1;
        try
        {
            var reader = new Utf8JsonReader(line);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var property = reader.ValueSpan;
                reader.Read();
                if (property.SequenceEqual("path"u8))
                {
                    path = reader.GetString();
                }
                else if (property.SequenceEqual("blake3"u8))
                {
                    hash = reader.GetString();
                }
                else if (property.SequenceEqual("size"u8))
                {
                    size = reader.GetInt64();
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw AriadneException.MalformedManifest(name, $"line {lineNumber} is not valid JSON: {e.Message}");
        }

        if (path is null || !ContentHash.TryParse(hash, out var parsed) || size < 0)
        {
            throw AriadneException.MalformedManifest(name, $"line {lineNumber} needs path, blake3 and size: {Encoding.UTF8.GetString(line)}");
        }

        if (path.Length == 0 || path.StartsWith('/') || path.Split('/').Any(p => p is "" or "." or ".."))
        {
            throw AriadneException.MalformedManifest(name, $"line {lineNumber} has a path that escapes the folder: '{path}'");
        }

        return new ManifestEntry(path, parsed, size);
    }
}
