using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ariadne.Pipelines;

/// <summary>
/// One <c>-S</c> of <c>ariadne exp run</c>: a params file key set to a value for one experiment
/// (<c>train.lr=0.01</c>, or <c>other.yaml:train.lr=0.01</c> for a file other than <c>params.yaml</c>).
/// </summary>
internal sealed record ParamOverride(string File, string Key, string Value)
{
    /// <summary>The name the value is tracked under: the key for <c>params.yaml</c>, <c>file:key</c> otherwise (as stage runs name params).</summary>
    public string Name => File == ParamsFile.DefaultName ? Key : $"{File}:{Key}";

    /// <summary>Parses <c>[file:]key=value</c>.</summary>
    public static ParamOverride Parse(string text)
    {
        var (file, key, value) = Split(text);
        return new ParamOverride(file, key, value);
    }

    /// <summary>Splits <c>[file:]key=value</c> into its parts; the value is left as written (a sweep parses it further).</summary>
    internal static (string File, string Key, string Value) Split(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw AriadneException.InvalidArgument($"-S '{text}' is not key=value: write -S train.lr=0.01 (or -S file.yaml:train.lr=0.01 for another params file).");
        }

        var target = text[..equals].Trim();
        var value = text[(equals + 1)..].Trim();
        var file = ParamsFile.DefaultName;
        var colon = target.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            file = target[..colon].Trim();
            target = target[(colon + 1)..].Trim();
        }

        if (file.Length == 0 || target.Length == 0 || target.StartsWith('.') || target.EndsWith('.') || target.Contains("..", StringComparison.Ordinal))
        {
            throw AriadneException.InvalidArgument($"-S '{text}' names no valid key: write -S train.lr=0.01 (or -S file.yaml:train.lr=0.01 for another params file).");
        }

        if (value.Length == 0)
        {
            throw AriadneException.InvalidArgument($"-S '{text}' has no value after '='.");
        }

        return (file.Replace('\\', '/'), target, value);
    }

    /// <summary>
    /// Checks every override against the params files in <paramref name="root"/>: the file must exist and be YAML, and the
    /// key must already hold a value there (not a section). Throws one error listing every problem.
    /// </summary>
    public static void Validate(string root, IEnumerable<(string File, string Key)> overrides)
    {
        var problems = new List<string>();
        var loaded = new Dictionary<string, ParamsFile?>(StringComparer.Ordinal);
        foreach (var (file, key) in overrides)
        {
            var full = Path.GetFullPath(Path.Combine(root, file));
            if (!full.StartsWith(Path.GetFullPath(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                problems.Add($"'{file}' is outside the workspace");
                continue;
            }

            if (!loaded.TryGetValue(file, out var values))
            {
                values = loaded[file] = ParamsFile.TryLoad(full);
            }

            if (values is null)
            {
                problems.Add($"params file '{file}' does not exist");
            }
            else if (!IsYaml(file))
            {
                problems.Add($"'{file}' is not a YAML params file (.yaml or .yml); only those can be overridden");
            }
            else if (!values.Values.ContainsKey(key))
            {
                problems.Add($"'{file}' has no key '{key}'. {Suggestions.DidYouMean(key, values.LeafKeys, "Keys: " + string.Join(", ", values.LeafKeys))}");
            }
            else if (!values.LeafKeys.Contains(key, StringComparer.Ordinal))
            {
                problems.Add($"'{key}' in '{file}' is a section, not a value; set one of its keys (e.g. {values.LeafKeys.First(k => k.StartsWith(key + ".", StringComparison.Ordinal))})");
            }
        }

        if (problems.Count > 0)
        {
            throw AriadneException.InvalidArgument("Cannot override params: " + string.Join("; ", problems) + ". Nothing was run.");
        }
    }

    /// <summary>Writes the overridden values into the params files under <paramref name="root"/> (an experiment's working copy, or the workspace for 'exp apply').</summary>
    internal static void Apply(string root, IReadOnlyList<ParamOverride> overrides)
    {
        foreach (var group in overrides.GroupBy(o => o.File, StringComparer.Ordinal))
        {
            var path = Path.Combine(root, group.Key);
            var stream = new YamlStream();
            stream.Load(new StringReader(System.IO.File.ReadAllText(path)));
            var map = (YamlMappingNode)stream.Documents[0].RootNode;
            foreach (var o in group)
            {
                Set(map, o.Key.Split('.'), o.Value);
            }

            var text = new StringBuilder();
            using (var writer = new StringWriter(text))
            {
                stream.Save(writer, assignAnchors: false);
            }

            // YamlStream ends a document with "...": harmless, but drop it for readers that dislike it.
            var yaml = text.ToString().Replace("\n...\n", "\n", StringComparison.Ordinal);
            AtomicFile.WriteAllText(path, yaml);
        }
    }

    private static void Set(YamlMappingNode map, string[] parts, string value)
    {
        // Keys may themselves contain dots (ParamsFile joins levels with '.'): try the longest key first.
        for (var take = parts.Length; take >= 1; take--)
        {
            var name = string.Join('.', parts[..take]);
            var entry = map.Children.FirstOrDefault(kv => kv.Key is YamlScalarNode { Value: { } k } && k == name);
            if (entry.Key is null)
            {
                continue;
            }

            if (take == parts.Length)
            {
                map.Children[entry.Key] = new YamlScalarNode(value) { Style = ScalarStyle.Any };
                return;
            }

            if (entry.Value is YamlMappingNode child)
            {
                Set(child, parts[take..], value);
                return;
            }
        }

        throw AriadneException.InvalidArgument($"No params key '{string.Join('.', parts)}' to set.");
    }

    private static bool IsYaml(string file) => Path.GetExtension(file).ToLowerInvariant() is ".yaml" or ".yml";
}
