using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ariadne.Data.Schema;

/// <summary>
/// schema.yaml: <c>format: 1</c>, optional <c>rows: {min, max}</c>, <c>columns:</c> (name, type, nullable,
/// max_null_share, min, max, allowed, unique, pattern) and <c>unique_together:</c> (lists of column names).
/// </summary>
public static class SchemaFile
{
    /// <summary>The <c>version</c> written to and accepted in schema files.</summary>
    public const int FormatVersion = 1;

    /// <summary>The schema as YAML, in the format <see cref="Read"/> accepts.</summary>
    public static string ToYaml(DataSchema schema)
    {
        var root = new YamlMappingNode { { "format", FormatVersion.ToString(CultureInfo.InvariantCulture) } };
        if (schema.MinRows is not null || schema.MaxRows is not null)
        {
            var rows = new YamlMappingNode();
            if (schema.MinRows is { } min) { rows.Add("min", min.ToString(CultureInfo.InvariantCulture)); }
            if (schema.MaxRows is { } max) { rows.Add("max", max.ToString(CultureInfo.InvariantCulture)); }
            root.Add("rows", rows);
        }

        var columns = new YamlSequenceNode();
        foreach (var c in schema.Columns)
        {
            var node = new YamlMappingNode
            {
                { "name", Quoted(c.Name) },
                { "type", c.Type.ToString().ToLowerInvariant() },
                { "nullable", c.Nullable ? "true" : "false" },
            };
            if (c.MaxNullShare is { } share) { node.Add("max_null_share", Number(share)); }
            if (c.Min is { } min) { node.Add("min", Number(min)); }
            if (c.Max is { } max) { node.Add("max", Number(max)); }
            if (c.Allowed is { } allowed)
            {
                var list = new YamlSequenceNode(allowed.Select(a => (YamlNode)Quoted(a))) { Style = YamlDotNet.Core.Events.SequenceStyle.Flow };
                node.Add("allowed", list);
            }

            if (c.Unique) { node.Add("unique", "true"); }
            if (c.Pattern is { } pattern) { node.Add("pattern", Quoted(pattern)); }
            columns.Add(node);
        }

        if (schema.NaValues is { } naValues)
        {
            root.Add("na_values", new YamlSequenceNode(naValues.Order(StringComparer.Ordinal).Select(a => (YamlNode)Quoted(a))) { Style = YamlDotNet.Core.Events.SequenceStyle.Flow });
        }

        root.Add("columns", columns);
        if (schema.UniqueTogether.Count > 0)
        {
            root.Add("unique_together", new YamlSequenceNode(schema.UniqueTogether.Select(g => (YamlNode)new YamlSequenceNode(g.Select(n => (YamlNode)Quoted(n))) { Style = YamlDotNet.Core.Events.SequenceStyle.Flow })));
        }

        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        writer.WriteLine("# Data schema for 'ariadne data validate' (edit freely: see docs/data-quality.md)");
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        var text = writer.ToString();
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    private static YamlScalarNode Quoted(string text) => new(text) { Style = ScalarStyle.SingleQuoted };

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Reads a schema YAML file (e.g. <c>schema.yaml</c>); a missing or malformed file is an error that says what is wrong.</summary>
    public static DataSchema Read(string path)
    {
        if (!File.Exists(path))
        {
            throw AriadneException.PathNotFound(path);
        }

        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw AriadneException.MalformedSchema(path, $"line {e.Start.Line}: {e.Message}");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw AriadneException.MalformedSchema(path, "it is not a mapping with 'columns:'");
        }

        if (Scalar(root, "format", path) is { } format && format != "1")
        {
            throw AriadneException.MalformedSchema(path, $"format {format} is not supported (this version reads 1)");
        }

        long? minRows = null, maxRows = null;
        if (Child(root, "rows") is YamlMappingNode rows)
        {
            minRows = Scalar(rows, "min", path) is { } min ? ParseLong(min, "rows.min", path) : null;
            maxRows = Scalar(rows, "max", path) is { } max ? ParseLong(max, "rows.max", path) : null;
        }

        if (Child(root, "columns") is not YamlSequenceNode columnNodes)
        {
            throw AriadneException.MalformedSchema(path, "'columns:' is missing or not a list");
        }

        var columns = new List<ColumnRule>();
        foreach (var node in columnNodes)
        {
            if (node is not YamlMappingNode map || Scalar(map, "name", path) is not { } name)
            {
                throw AriadneException.MalformedSchema(path, $"line {node.Start.Line}: every column needs a 'name:'");
            }

            var where = $"column '{name}'";
            var type = Scalar(map, "type", path) is { } t ? ParseType(t, where, path) : ColumnType.String;
            columns.Add(new ColumnRule(name, type)
            {
                Nullable = Scalar(map, "nullable", path) is not { } n || ParseBool(n, $"{where}.nullable", path),
                MaxNullShare = Scalar(map, "max_null_share", path) is { } s ? ParseDouble(s, $"{where}.max_null_share", path) : null,
                Min = Scalar(map, "min", path) is { } min ? ParseDouble(min, $"{where}.min", path) : null,
                Max = Scalar(map, "max", path) is { } max ? ParseDouble(max, $"{where}.max", path) : null,
                Allowed = Child(map, "allowed") is YamlSequenceNode allowed ? [.. allowed.OfType<YamlScalarNode>().Select(a => a.Value ?? "")] : null,
                Unique = Scalar(map, "unique", path) is { } u && ParseBool(u, $"{where}.unique", path),
                Pattern = Scalar(map, "pattern", path) is { } p ? CheckPattern(p, where, path) : null,
            });
        }

        var together = new List<IReadOnlyList<string>>();
        if (Child(root, "unique_together") is YamlSequenceNode groups)
        {
            foreach (var group in groups)
            {
                if (group is not YamlSequenceNode names)
                {
                    throw AriadneException.MalformedSchema(path, $"line {group.Start.Line}: each unique_together entry is a list of column names, e.g. [island, id]");
                }

                together.Add([.. names.OfType<YamlScalarNode>().Select(a => a.Value ?? "")]);
            }
        }

        IReadOnlySet<string>? naValues = null;
        if (Child(root, "na_values") is { } na)
        {
            naValues = na is YamlSequenceNode spellings
                ? new HashSet<string>(spellings.OfType<YamlScalarNode>().Select(a => a.Value ?? "").Append(""), StringComparer.Ordinal)
                : throw AriadneException.MalformedSchema(path, $"line {na.Start.Line}: 'na_values:' is a list of the spellings read as missing, e.g. [\"\", NA, N/A]; empty cells are always missing");
        }

        return new DataSchema(columns) { UniqueTogether = together, MinRows = minRows, MaxRows = maxRows, NaValues = naValues };
    }

    private static YamlNode? Child(YamlMappingNode map, string key) => map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private static string? Scalar(YamlMappingNode map, string key, string path) => Child(map, key) switch
    {
        null => null,
        YamlScalarNode { Value: var v } => v is "~" or "null" or "" ? null : v,
        var other => throw AriadneException.MalformedSchema(path, $"line {other.Start.Line}: '{key}' must be a single value"),
    };

    private static ColumnType ParseType(string text, string where, string path) => text.ToLowerInvariant() switch
    {
        "string" or "str" or "text" or "category" => ColumnType.String,
        "integer" or "int" => ColumnType.Integer,
        "number" or "float" or "double" => ColumnType.Number,
        "boolean" or "bool" => ColumnType.Boolean,
        "datetime" or "date" or "timestamp" => ColumnType.Datetime,
        _ => throw AriadneException.MalformedSchema(path, $"{where}: type '{text}' is unknown (use string, integer, number, boolean or datetime)"),
    };

    private static bool ParseBool(string text, string where, string path) => text.ToLowerInvariant() switch
    {
        "true" or "yes" => true,
        "false" or "no" => false,
        _ => throw AriadneException.MalformedSchema(path, $"{where}: '{text}' is not true or false"),
    };

    private static double ParseDouble(string text, string where, string path) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : throw AriadneException.MalformedSchema(path, $"{where}: '{text}' is not a number");

    private static long ParseLong(string text, string where, string path) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw AriadneException.MalformedSchema(path, $"{where}: '{text}' is not a whole number");

    private static string CheckPattern(string pattern, string where, string path)
    {
        try
        {
            _ = new System.Text.RegularExpressions.Regex(pattern);
            return pattern;
        }
        catch (ArgumentException e)
        {
            throw AriadneException.MalformedSchema(path, $"{where}: pattern '{pattern}' is not a valid regular expression ({e.Message})");
        }
    }
}
