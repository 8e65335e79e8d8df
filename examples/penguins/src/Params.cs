using System.Globalization;
using YamlDotNet.Serialization;

namespace Penguins;

/// <summary>The values of params.yaml (sections of scalars), read the way 'ariadne repro' reads them.</summary>
internal sealed class Params
{
    private readonly Dictionary<string, Dictionary<string, string>> _sections;

    private Params(Dictionary<string, Dictionary<string, string>> sections) => _sections = sections;

    public static Params Load(string path) =>
        new(new DeserializerBuilder().Build().Deserialize<Dictionary<string, Dictionary<string, string>>>(File.ReadAllText(path)));

    public string Text(string section, string key) =>
        _sections.TryGetValue(section, out var values) && values.TryGetValue(key, out var value)
            ? value
            : throw new InvalidOperationException($"params.yaml has no '{section}.{key}'.");

    /// <summary>The value, or null when the key is absent or empty.</summary>
    public string? TextOrNull(string section, string key) =>
        _sections.TryGetValue(section, out var values) && values.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    public int Int(string section, string key) => int.Parse(Text(section, key), CultureInfo.InvariantCulture);

    public double Double(string section, string key) => double.Parse(Text(section, key), CultureInfo.InvariantCulture);
}
