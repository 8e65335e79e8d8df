using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ariadne.Pipelines;

/// <summary>
/// A parameters file (<c>params.yaml</c> by default; YAML or JSON): every key, nested ones joined with dots
/// (<c>train.lr</c>), with its value as canonical text. A key naming a whole section has the section's value in flow
/// form (<c>{epochs: 10, lr: 0.01}</c>), so a stage can depend on a section.
/// </summary>
internal sealed class ParamsFile
{
    public const string DefaultName = "params.yaml";

    private ParamsFile(string path, IReadOnlyDictionary<string, string> values) => (Path, Values) = (path, values);

    public string Path { get; }

    /// <summary>Dotted key to canonical value text.</summary>
    public IReadOnlyDictionary<string, string> Values { get; }

    public static ParamsFile Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Reads params from text (e.g. the file as it was at a git revision); <paramref name="path"/> names it in messages.</summary>
    public static ParamsFile Parse(string text, string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw AriadneException.InvalidArgument($"{path}:{e.Start.Line}: the params file is not valid YAML ({e.Message}). Fix the file.");
        }

        if (stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode root)
        {
            Flatten(root, "", values);
        }

        return new ParamsFile(path, values);
    }

    /// <summary>Keys that hold a value rather than a section (no other key lies under them).</summary>
    public IEnumerable<string> LeafKeys => Values.Keys.Where(k => !Values.Keys.Any(o => o.Length > k.Length && o.StartsWith(k + ".", StringComparison.Ordinal)));

    /// <summary>Reads the file if it exists; null otherwise.</summary>
    public static ParamsFile? TryLoad(string path) => File.Exists(path) ? Load(path) : null;

    /// <summary>Every key of <paramref name="map"/> (nested ones joined with dots) with its canonical value, as a params file holds them.</summary>
    internal static Dictionary<string, string> Flatten(YamlMappingNode map)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        Flatten(map, "", values);
        return values;
    }

    private static void Flatten(YamlMappingNode map, string prefix, Dictionary<string, string> into)
    {
        foreach (var (keyNode, value) in map.Children)
        {
            var key = prefix.Length == 0 ? Text(keyNode) : prefix + "." + Text(keyNode);
            into[key] = Canonical(value);
            if (value is YamlMappingNode child)
            {
                Flatten(child, key, into);
            }
        }
    }

    private static string Text(YamlNode node) => node is YamlScalarNode { Value: { } value } ? value : Canonical(node);

    /// <summary>Scalars as written (quoted strings unquoted); sections in flow form with keys sorted.</summary>
    internal static string Canonical(YamlNode node)
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                return scalar.Value ?? "null";
            case YamlSequenceNode sequence:
                return "[" + string.Join(", ", sequence.Children.Select(Canonical)) + "]";
            case YamlMappingNode map:
                var builder = new StringBuilder("{");
                var first = true;
                foreach (var (key, value) in map.Children.Select(kv => (Text(kv.Key), kv.Value)).OrderBy(kv => kv.Item1, StringComparer.Ordinal))
                {
                    builder.Append(first ? "" : ", ").Append(key).Append(": ").Append(Canonical(value));
                    first = false;
                }

                return builder.Append('}').ToString();
            default:
                return "";
        }
    }
}
