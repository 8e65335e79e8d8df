using System.Globalization;
using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace Ariadne.Tracking;

/// <summary>
/// Reads a metrics file a command wrote (JSON or YAML, like DVC's metrics files): every number, however deeply nested,
/// becomes a metric whose key joins the path with dots (<c>{"val": {"acc": 0.9}}</c> gives <c>val.acc</c>).
/// Booleans count as 0 or 1; strings and nulls are ignored.
/// </summary>
internal static class MetricsFile
{
    public static IReadOnlyList<KeyValuePair<string, double>> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw AriadneException.PathNotFound(path);
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Reads metrics from text (e.g. a metrics file as it was at a git revision); <paramref name="path"/> gives the format by its extension and names it in messages.</summary>
    public static IReadOnlyList<KeyValuePair<string, double>> Parse(string text, string path)
    {
        var result = new List<KeyValuePair<string, double>>();
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is ".yaml" or ".yml")
        {
            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(text));
            }
            catch (YamlDotNet.Core.YamlException e)
            {
                throw AriadneException.InvalidArgument($"Metrics file '{path}' is not valid YAML (line {e.Start.Line}): {e.Message}");
            }

            if (stream.Documents.Count > 0)
            {
                Walk(stream.Documents[0].RootNode, "", result);
            }
        }
        else
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                Walk(document.RootElement, "", result);
            }
            catch (JsonException e)
            {
                throw AriadneException.InvalidArgument($"Metrics file '{path}' is not valid JSON (line {e.LineNumber + 1}): {e.Message} Name it .yaml for YAML.");
            }
        }

        return result;
    }

    private static void Walk(JsonElement element, string prefix, List<KeyValuePair<string, double>> into)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Walk(property.Value, Join(prefix, property.Name), into);
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, Join(prefix, (i++).ToString(CultureInfo.InvariantCulture)), into);
                }

                break;
            case JsonValueKind.Number:
                into.Add(new(prefix, element.GetDouble()));
                break;
            case JsonValueKind.True or JsonValueKind.False:
                into.Add(new(prefix, element.GetBoolean() ? 1 : 0));
                break;
        }
    }

    private static void Walk(YamlNode node, string prefix, List<KeyValuePair<string, double>> into)
    {
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (key, value) in map.Children)
                {
                    Walk(value, Join(prefix, (key as YamlScalarNode)?.Value ?? ""), into);
                }

                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    Walk(sequence.Children[i], Join(prefix, i.ToString(CultureInfo.InvariantCulture)), into);
                }

                break;
            case YamlScalarNode { Value: { } text } when node is YamlScalarNode { Style: not (YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted) }:
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    into.Add(new(prefix, number));
                }
                else if (text is ".nan" or ".NaN")
                {
                    into.Add(new(prefix, double.NaN));
                }
                else if (text is ".inf" or "+.inf")
                {
                    into.Add(new(prefix, double.PositiveInfinity));
                }
                else if (text is "-.inf")
                {
                    into.Add(new(prefix, double.NegativeInfinity));
                }
                else if (text is "true" or "false")
                {
                    into.Add(new(prefix, text == "true" ? 1 : 0));
                }

                break;
        }
    }

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;
}
