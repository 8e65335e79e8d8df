using System.Globalization;
using System.Text;
using Ariadne.Content;
using Ariadne.Workspace;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ariadne.Pipelines;

/// <summary>
/// <c>ariadne.lock</c>, next to the pipeline file and committed with it: for every stage that ran, its commands and
/// the exact dependencies, parameter values and outputs (by BLAKE3) of its last successful run. <c>repro</c> compares
/// the workspace against it to decide what runs, and replaces it (temp file and rename) after each stage.
/// See docs/pipelines.md for the format.
/// </summary>
internal sealed class LockFile
{
    public const string FileName = "ariadne.lock";
    public const int CurrentFormat = 1;

    private readonly SortedDictionary<string, StageLock> _stages = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, StageLock> Stages => _stages;

    public static string PathIn(string workspaceRoot) => Path.Combine(workspaceRoot, FileName);

    public void Set(string stage, StageLock entry) => _stages[stage] = entry;

    public bool Remove(string stage) => _stages.Remove(stage);

    /// <summary>The lock file at <paramref name="path"/>, or an empty one when there is none yet.</summary>
    public static LockFile Load(string path) => File.Exists(path) ? Parse(File.ReadAllText(path), path) : new LockFile();

    public void Save(string path) => AtomicFile.WriteAllText(path, Serialize());

    public string Serialize()
    {
        var w = new StringBuilder();
        w.Append("# Ariadne pipeline lock: written by 'ariadne repro', commit it with ariadne.yaml.\n");
        w.Append(CultureInfo.InvariantCulture, $"format: {CurrentFormat}\n");
        w.Append(_stages.Count == 0 ? "stages: {}\n" : "stages:\n");
        foreach (var (name, stage) in _stages)
        {
            w.Append("  ").Append(YamlText.Quote(name)).Append(":\n");
            w.Append("    cmd:\n");
            foreach (var command in stage.Commands)
            {
                w.Append("      - ").Append(YamlText.Quote(command)).Append('\n');
            }

            if (stage.WorkingDirectory.Length > 0)
            {
                w.Append("    wdir: ").Append(YamlText.Quote(stage.WorkingDirectory)).Append('\n');
            }

            if (stage.Environment.Count > 0)
            {
                w.Append("    env:\n");
                foreach (var (key, value) in stage.Environment.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    w.Append("      ").Append(YamlText.Quote(key)).Append(": ").Append(YamlText.Quote(value)).Append('\n');
                }
            }

            WritePaths(w, "deps", stage.Deps);
            if (stage.Params.Count > 0)
            {
                w.Append("    params:\n");
                foreach (var file in stage.Params.GroupBy(p => p.File, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
                {
                    w.Append("      ").Append(YamlText.Quote(file.Key)).Append(":\n");
                    foreach (var param in file.OrderBy(p => p.Key, StringComparer.Ordinal))
                    {
                        w.Append("        ").Append(YamlText.Quote(param.Key)).Append(": ").Append(YamlText.Quote(param.Value)).Append('\n');
                    }
                }
            }

            WritePaths(w, "outs", stage.Outs);
        }

        return w.ToString();
    }

    private static void WritePaths(StringBuilder w, string field, IReadOnlyList<LockedPath> paths)
    {
        if (paths.Count == 0)
        {
            return;
        }

        w.Append("    ").Append(field).Append(":\n");
        foreach (var p in paths)
        {
            w.Append("      - path: ").Append(YamlText.Quote(p.Path)).Append('\n');
            w.Append("        kind: ").Append(p.Kind == PointerKind.Folder ? "folder" : "file").Append('\n');
            w.Append("        blake3: ").Append(p.Hash.Hex).Append('\n');
            w.Append(CultureInfo.InvariantCulture, $"        size: {p.Size}\n");
            w.Append(CultureInfo.InvariantCulture, $"        files: {p.Files}\n");
        }
    }

    public static LockFile Parse(string text, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException or ArgumentException)
        {
            throw Malformed(source, e is YamlException y ? y.Start.Line : 1, $"not valid YAML ({e.Message})");
        }

        var result = new LockFile();
        if (stream.Documents.Count == 0)
        {
            return result;
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw Malformed(source, 1, "it is not a mapping");
        }

        if (Child(root, "format") is YamlScalarNode { Value: { } formatText }
            && (!int.TryParse(formatText, CultureInfo.InvariantCulture, out var format) || format != CurrentFormat))
        {
            throw Malformed(source, 1, $"format {formatText} is not one this Ariadne reads (format {CurrentFormat}); upgrade Ariadne");
        }

        if (Child(root, "stages") is not YamlMappingNode stages)
        {
            return result;
        }

        foreach (var (key, value) in stages.Children)
        {
            var name = Text(key, source);
            if (value is not YamlMappingNode body)
            {
                throw Malformed(source, value.Start.Line, $"stage '{name}' is not a mapping");
            }

            var commands = Child(body, "cmd") is YamlSequenceNode cmd ? cmd.Children.Select(c => Text(c, source)).ToList() : [];
            var wdir = Child(body, "wdir") is YamlScalarNode w ? Text(w, source) : "";
            var env = new Dictionary<string, string>(StringComparer.Ordinal);
            if (Child(body, "env") is YamlMappingNode envMap)
            {
                foreach (var (k, v) in envMap.Children)
                {
                    env[Text(k, source)] = Text(v, source);
                }
            }

            var parameters = new List<LockedParam>();
            if (Child(body, "params") is YamlMappingNode files)
            {
                foreach (var (fileNode, keys) in files.Children)
                {
                    if (keys is YamlMappingNode keyMap)
                    {
                        foreach (var (k, v) in keyMap.Children)
                        {
                            parameters.Add(new LockedParam(Text(fileNode, source), Text(k, source), Text(v, source)));
                        }
                    }
                }
            }

            result._stages[name] = new StageLock(commands, wdir, env, Paths(body, "deps", source), parameters, Paths(body, "outs", source));
        }

        return result;
    }

    private static List<LockedPath> Paths(YamlMappingNode body, string field, string source)
    {
        var result = new List<LockedPath>();
        if (Child(body, field) is not YamlSequenceNode list)
        {
            return result;
        }

        foreach (var item in list.Children)
        {
            if (item is not YamlMappingNode map)
            {
                throw Malformed(source, item.Start.Line, $"each entry of '{field}' must be a mapping with path, kind, blake3, size and files");
            }

            string Field(string key) => Child(map, key) is YamlScalarNode { Value: { } v } ? v : throw Malformed(source, map.Start.Line, $"an entry of '{field}' has no '{key}'");
            if (!ContentHash.TryParse(Field("blake3"), out var hash))
            {
                throw Malformed(source, map.Start.Line, $"'{Field("blake3")}' is not a BLAKE3 hash");
            }

            var kind = Field("kind") == "folder" ? PointerKind.Folder : PointerKind.File;
            var size = long.TryParse(Field("size"), CultureInfo.InvariantCulture, out var s) ? s : 0;
            var count = long.TryParse(Field("files"), CultureInfo.InvariantCulture, out var f) ? f : 0;
            result.Add(new LockedPath(Field("path"), kind, hash, size, count));
        }

        return result;
    }

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string Text(YamlNode node, string source) =>
        node is YamlScalarNode { Value: { } value } ? value : throw Malformed(source, node.Start.Line, "a value that should be text is not");

    private static AriadneException Malformed(string source, long line, string problem) =>
        AriadneException.InvalidArgument($"{source}:{line}: the lock file is malformed: {problem}. Restore it from git ('git checkout -- {FileName}') or delete it (every stage then runs again).");
}
