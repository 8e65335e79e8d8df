using System.Globalization;
using Ariadne.Content;
using YamlDotNet.RepresentationModel;

namespace Ariadne.Workspace;

/// <summary>
/// The small file <c>&lt;part&gt;.sealed</c> that <c>data split</c> leaves in a split folder in place of the sealed part:
/// the part's bytes are an object of the content cache, handed out only by <c>SealedTestSet</c> and
/// <c>ariadne holdout read</c>, which record the read. Nothing else resolves it: <c>checkout</c> does not
/// materialise it, pipeline hashing reads only the pointer. Format (see docs/formats.md):
/// <code>
/// format: 1
/// sealed: true
/// path: test.csv
/// blake3: 3f1c…
/// size: 1234
/// </code>
/// </summary>
internal sealed record SealedPointer(string Path, ContentHash Hash, long Size)
{
    public const string Extension = ".sealed";
    public const int CurrentFormat = 1;

    private const string Header = "# Ariadne sealed part: its bytes are in the cache. Read them with 'ariadne holdout read' or SealedTestSet; every read is recorded.";

    /// <summary>The pointer's file name for a part file: <c>test.csv</c> gives <c>test.csv.sealed</c>.</summary>
    public static string FileNameFor(string partFile) => partFile + Extension;

    /// <summary>
    /// True when <paramref name="path"/> among another repository's tracked <paramref name="files"/> is a sealed
    /// pointer or the part one stands for: <c>get</c>, <c>import</c> and <c>ls</c> never hand its bytes out.
    /// </summary>
    internal static bool IsSealedAmong(string path, IReadOnlyCollection<string> files) =>
        path.EndsWith(Extension, StringComparison.Ordinal) || files.Contains(path + Extension, StringComparer.Ordinal);

    /// <summary>The refusal to copy a sealed part out of its project.</summary>
    internal static AriadneException RefusedOutside(string path, string repo) =>
        AriadneException.InvalidArgument($"'{path}' in '{repo}' is a sealed test part: its bytes are never copied out of its project. Read it there with 'ariadne holdout read', which records every read against its budget.");

    public string Serialize() =>
        string.Create(CultureInfo.InvariantCulture, $"""
        {Header}
        format: {CurrentFormat}
        sealed: true
        path: {Path}
        blake3: {Hash.Hex}
        size: {Size}

        """);

    public static SealedPointer Read(string file) => Parse(File.ReadAllText(file), file);

    /// <summary>The pointer in <paramref name="file"/>, or null when it is no sealed pointer (unreadable or another kind of file).</summary>
    public static SealedPointer? TryRead(string file)
    {
        try
        {
            return Read(file);
        }
        catch (Exception e) when (e is AriadneException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static SealedPointer Parse(string text, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw AriadneException.MalformedPointer(source, $"not valid YAML at line {e.Start.Line}: {e.Message}");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode map)
        {
            throw AriadneException.MalformedPointer(source, "it holds no 'key: value' lines");
        }

        string Field(string key) =>
            map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode { Value: { } value }
                ? value
                : throw AriadneException.MalformedPointer(source, $"the field '{key}' is missing");

        if (!long.TryParse(Field("format"), NumberStyles.None, CultureInfo.InvariantCulture, out var format) || format > CurrentFormat)
        {
            throw AriadneException.MalformedPointer(source, $"format '{Field("format")}' is not one this Ariadne understands (format {CurrentFormat}); upgrade Ariadne");
        }

        if (Field("sealed") != "true")
        {
            throw AriadneException.MalformedPointer(source, "a sealed pointer says 'sealed: true'");
        }

        var path = Field("path");
        if (path.Length == 0 || path.Contains('/', StringComparison.Ordinal) || path.Contains('\\', StringComparison.Ordinal) || path is "." or "..")
        {
            throw AriadneException.MalformedPointer(source, $"path '{path}' must be a file name in the pointer's folder");
        }

        if (!ContentHash.TryParse(Field("blake3"), out var hash))
        {
            throw AriadneException.MalformedPointer(source, $"blake3 must be 64 lowercase hex characters, not '{Field("blake3")}'");
        }

        return long.TryParse(Field("size"), NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            ? new SealedPointer(path, hash, size)
            : throw AriadneException.MalformedPointer(source, $"'size' must be a whole number, not '{Field("size")}'");
    }
}
