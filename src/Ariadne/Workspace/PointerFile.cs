using System.Globalization;
using Ariadne.Content;
using YamlDotNet.RepresentationModel;

namespace Ariadne.Workspace;

/// <summary>What a pointer file tracks: a single file, or a folder stored as a manifest of its files.</summary>
internal enum PointerKind
{
    File,
    Folder,
}

/// <summary>
/// The small file <c>&lt;path&gt;.ari</c> that goes into git in place of the data. Format (see docs/formats.md):
/// <code>
/// format: 1
/// path: data
/// kind: folder
/// blake3: 3f1c…
/// size: 1048576
/// files: 20
/// </code>
/// An imported path (<c>ariadne import</c>) also has a <c>source</c> block: repo, rev, commit and path.
/// </summary>
internal sealed record PointerFile(string Path, PointerKind Kind, ContentHash Hash, long Size, long Files)
{
    /// <summary>Where the data was imported from, or null for data tracked with <c>ariadne add</c> or a pipeline.</summary>
    public ImportSource? Source { get; init; }

    public const string Extension = ".ari";
    public const int CurrentFormat = 1;

    private const string Header = "# Ariadne pointer: commit this file to git. The data lives in the cache and on remotes ('ariadne pull').";

    public string Serialize() =>
        string.Create(CultureInfo.InvariantCulture, $"""
        {Header}
        format: {CurrentFormat}
        path: {Quote(Path)}
        kind: {(Kind == PointerKind.File ? "file" : "folder")}
        blake3: {Hash.Hex}
        size: {Size}
        files: {Files}

        """) + SerializeSource();

    private string SerializeSource()
    {
        if (Source is not { } source)
        {
            return "";
        }

        var text = new System.Text.StringBuilder("source:\n");
        text.Append("  repo: ").Append(Quote(source.Repo)).Append('\n');
        if (source.Rev is { } rev)
        {
            text.Append("  rev: ").Append(Quote(rev)).Append('\n');
        }

        text.Append("  commit: ").Append(source.Commit).Append('\n');
        text.Append("  path: ").Append(Quote(source.Path)).Append('\n');
        return text.ToString();
    }

    public static PointerFile Read(string pointerFile) => Parse(File.ReadAllText(pointerFile), pointerFile);

    public static PointerFile Parse(string text, string source)
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

        string Field(string key)
        {
            if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node) || node is not YamlScalarNode { Value: { } value })
            {
                throw AriadneException.MalformedPointer(source, $"the field '{key}' is missing");
            }

            return value;
        }

        long Number(string key) =>
            long.TryParse(Field(key), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                ? n
                : throw AriadneException.MalformedPointer(source, $"'{key}' must be a whole number, not '{Field(key)}'");

        var format = Number("format");
        if (format != CurrentFormat)
        {
            throw AriadneException.MalformedPointer(source, $"format {format} is newer than this Ariadne understands (format {CurrentFormat}); upgrade Ariadne");
        }

        var path = Field("path");
        CheckRelative(path, source);
        var kind = Field("kind") switch
        {
            "file" => PointerKind.File,
            "folder" => PointerKind.Folder,
            var other => throw AriadneException.MalformedPointer(source, $"kind must be 'file' or 'folder', not '{other}'"),
        };
        var hashText = Field("blake3");
        if (!ContentHash.TryParse(hashText, out var hash))
        {
            throw AriadneException.MalformedPointer(source, $"blake3 must be 64 lowercase hex characters, not '{hashText}'");
        }

        return new PointerFile(path, kind, hash, Number("size"), Number("files")) { Source = ReadSource(map, source) };
    }

    private static ImportSource? ReadSource(YamlMappingNode map, string source)
    {
        if (!map.Children.TryGetValue(new YamlScalarNode("source"), out var node))
        {
            return null;
        }

        if (node is not YamlMappingNode block)
        {
            throw AriadneException.MalformedPointer(source, "'source' must be a block with repo, commit and path");
        }

        string? Field(string key) =>
            block.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode { Value: { Length: > 0 } text } ? text : null;

        var repo = Field("repo") ?? throw AriadneException.MalformedPointer(source, "the source block has no 'repo'");
        var commit = Field("commit") ?? throw AriadneException.MalformedPointer(source, "the source block has no 'commit'");
        var path = Field("path") ?? throw AriadneException.MalformedPointer(source, "the source block has no 'path'");
        if (commit.Length != 40 || !commit.All(char.IsAsciiHexDigitLower))
        {
            throw AriadneException.MalformedPointer(source, $"the source commit must be a full git commit id (40 lowercase hex characters), not '{commit}'");
        }

        return new ImportSource(repo, Field("rev"), commit, path);
    }

    /// <summary>Refuses paths that could point outside the folder holding the pointer file.</summary>
    private static void CheckRelative(string path, string source)
    {
        if (path.Length == 0 || System.IO.Path.IsPathRooted(path) || path.Contains('\\', StringComparison.Ordinal) || path.Contains('\0', StringComparison.Ordinal))
        {
            throw AriadneException.MalformedPointer(source, $"path '{path}' must be a relative path with '/' separators");
        }

        foreach (var part in path.Split('/'))
        {
            if (part is ".." or "." or "")
            {
                throw AriadneException.MalformedPointer(source, $"path '{path}' must not contain '.', '..' or empty parts (it would escape or alias the workspace)");
            }
        }
    }

    private static string Quote(string value) =>
        value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/') && !value.StartsWith('-')
            ? value
            : "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
