using System.Globalization;
using System.Text.Json;

namespace Ariadne.Data.Splitting;

/// <summary>
/// split.json: which dataset (path relative to the workspace root, BLAKE3 of the source file, its pointer file when
/// tracked, and how its text was read), which seed, ratios and columns, the parts with their hashes (one of them
/// sealed), the file listing which row went where, and warnings. It holds nothing that varies between machines or
/// runs (no absolute paths inside a workspace, no times), so two clones split identical data into identical bytes.
/// <see cref="Created"/> is the time it was made, kept out of the file.
/// </summary>
public sealed record SplitManifest(
    string Source,
    string SourceBlake3,
    string? SourcePointer,
    long Rows,
    long Seed,
    IReadOnlyList<double> Ratios,
    string? By,
    string? Group,
    string? Stratify,
    IReadOnlyList<SplitPart> Parts,
    string Assignments,
    DateTimeOffset Created)
{
    /// <summary>The manifest's file name in a split folder.</summary>
    public const string FileName = "split.json";

    /// <summary>Format 2 names a sealed part's pointer (<c>"pointer"</c>); a manifest without one is written as format 1, as before.</summary>
    public const int FormatVersion = 2;

    /// <summary>The folder the manifest was read from (parts and assignments are relative to it).</summary>
    public string Folder { get; init; } = "";

    /// <summary>What the split noticed: a delimiter guess, a non-unique id column, classes too small to reach every part.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The spellings read as missing in a CSV or TSV source (null for other formats).</summary>
    public IReadOnlySet<string>? NaValues { get; init; }

    /// <summary>The field delimiter of a CSV or TSV source.</summary>
    public char? Delimiter { get; init; }

    /// <summary>The part's file in the split folder.</summary>
    public string PartPath(SplitPart part) => Path.Combine(Folder, part.File);

    /// <summary>The part with this name; an InvalidArgument error naming the parts when there is none.</summary>
    public SplitPart Part(string name) => Parts.FirstOrDefault(p => p.Name == name)
        ?? throw AriadneException.InvalidArgument($"The split has no part '{name}'. Its parts: {string.Join(", ", Parts.Select(p => p.Name))}.");

    /// <summary>The manifest as written to <c>split.json</c> (UTF-8, indented, no creation time).</summary>
    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("format", Parts.Any(p => p.Pointer is not null) ? FormatVersion : 1);
            w.WriteStartObject("source");
            w.WriteString("path", Source);
            w.WriteString("blake3", SourceBlake3);
            if (SourcePointer is not null) { w.WriteString("pointer", SourcePointer); }
            w.WriteNumber("rows", Rows);
            if (Delimiter is { } delimiter) { w.WriteString("delimiter", delimiter.ToString()); }
            if (NaValues is not null)
            {
                w.WriteStartArray("na_values");
                foreach (var v in NaValues.Order(StringComparer.Ordinal)) { w.WriteStringValue(v); }
                w.WriteEndArray();
            }

            w.WriteEndObject();
            w.WriteNumber("seed", Seed);
            w.WriteStartArray("ratios");
            foreach (var r in Ratios) { w.WriteNumberValue(r); }
            w.WriteEndArray();
            WriteOptional(w, "by", By);
            WriteOptional(w, "group", Group);
            WriteOptional(w, "stratify", Stratify);
            w.WriteString("assignment", "part = first ratio bucket containing blake3(\"{seed}\\u001f{key}\")[0..8] / 2^64; key = the id column, the group column, or the row's cells joined by \\u001f");
            w.WriteStartArray("parts");
            foreach (var p in Parts)
            {
                w.WriteStartObject();
                w.WriteString("name", p.Name);
                w.WriteString("file", p.File);
                w.WriteNumber("rows", p.Rows);
                w.WriteString("blake3", p.Blake3);
                w.WriteBoolean("sealed", p.Sealed);
                if (p.Budget is { } budget) { w.WriteNumber("budget", budget); }
                if (p.Pointer is { } pointer) { w.WriteString("pointer", pointer); }
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteString("assignments", Assignments);
            w.WriteStartArray("warnings");
            foreach (var warning in Warnings) { w.WriteStringValue(warning); }
            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) { w.WriteNull(name); } else { w.WriteString(name, value); }
    }

    private static string CheckPointer(string pointer, string file) =>
        pointer == Path.GetFileName(pointer) && pointer.EndsWith(Workspace.SealedPointer.Extension, StringComparison.Ordinal) && pointer.Length > Workspace.SealedPointer.Extension.Length
            ? pointer
            : throw AriadneException.BadData(file, "split manifest", $"a part's pointer must be a '*{Workspace.SealedPointer.Extension}' file name in the split folder, not '{pointer}'. Split again with 'ariadne data split'.");

    /// <summary>Reads split.json (or the split.json inside a folder).</summary>
    public static SplitManifest Read(string path)
    {
        var file = Directory.Exists(path) ? Path.Combine(path, FileName) : path;
        if (!File.Exists(file))
        {
            throw AriadneException.PathNotFound(file);
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(file));
            var root = document.RootElement;
            var source = root.GetProperty("source");
            string? Optional(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            if (root.TryGetProperty("format", out var format) && format.GetInt32() > FormatVersion)
            {
                throw AriadneException.BadData(file, "split manifest", $"format {format.GetInt32()} is newer than this Ariadne understands (format {FormatVersion}); upgrade Ariadne.");
            }

            var parts = root.GetProperty("parts").EnumerateArray().Select(p => new SplitPart(
                p.GetProperty("name").GetString()!, p.GetProperty("file").GetString()!, p.GetProperty("rows").GetInt64(), p.GetProperty("blake3").GetString()!,
                p.GetProperty("sealed").GetBoolean(), p.TryGetProperty("budget", out var b) ? b.GetInt32() : null)
            {
                Pointer = Optional(p, "pointer") is { } pointer ? CheckPointer(pointer, file) : null,
            }).ToList();
            return new SplitManifest(
                source.GetProperty("path").GetString()!, source.GetProperty("blake3").GetString()!, Optional(source, "pointer"), source.GetProperty("rows").GetInt64(),
                root.GetProperty("seed").GetInt64(), [.. root.GetProperty("ratios").EnumerateArray().Select(r => r.GetDouble())],
                Optional(root, "by"), Optional(root, "group"), Optional(root, "stratify"), parts, root.GetProperty("assignments").GetString()!,
                Optional(root, "created") is { } created ? DateTimeOffset.Parse(created, CultureInfo.InvariantCulture) : File.GetLastWriteTimeUtc(file))
            {
                Folder = Path.GetDirectoryName(Path.GetFullPath(file))!,
                Warnings = root.TryGetProperty("warnings", out var warnings) ? [.. warnings.EnumerateArray().Select(x => x.GetString()!)] : [],
                NaValues = source.TryGetProperty("na_values", out var na) ? new HashSet<string>(na.EnumerateArray().Select(x => x.GetString()!), StringComparer.Ordinal) : null,
                Delimiter = Optional(source, "delimiter") is [var d] ? d : null,
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw AriadneException.BadData(file, "split manifest", $"not a readable split manifest ({e.Message}). Write one with 'ariadne data split'.");
        }
    }
}
