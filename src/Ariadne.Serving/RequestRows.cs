using System.Globalization;
using System.Text;
using System.Text.Json;
using Ariadne.Server.Hosting;
using Ariadne.Tracking.Http;

namespace Ariadne.Serving;

/// <summary>
/// The rows of a <c>POST /predict</c> body, checked against the served model's input schema: JSON (one object, an array
/// of objects, or <c>{"rows": [...]}</c>) or CSV with a header. Each row becomes the values the model's data view
/// takes (schema order, ML.NET types) and the inputs the prediction log records. A missing, extra or mistyped field is
/// a 400 that names the field and the row and says what to send.
/// </summary>
internal sealed class RequestRows
{
    private RequestRows(List<object[]> values, List<Dictionary<string, object?>> inputs)
    {
        Values = values;
        Inputs = inputs;
    }

    /// <summary>One array per row: a value for every schema column, in the column's ML.NET type.</summary>
    public IReadOnlyList<object[]> Values { get; }

    /// <summary>The inputs as logged: double for numbers, string for text, bool for booleans, null where missing.</summary>
    public IReadOnlyList<Dictionary<string, object?>> Inputs { get; }

    public int Count => Values.Count;

    public static RequestRows ParseJson(ReadOnlyMemory<byte> body, ServedModel model)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw Bad($"The body is not valid JSON ({e.Message}). Send one object ({{\"{model.Inputs[0].Name}\": ...}}), an array of objects, or {{\"rows\": [...]}}.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("rows", out var rows) && !model.ByName.ContainsKey("rows"))
            {
                if (rows.ValueKind != JsonValueKind.Array)
                {
                    throw Bad("\"rows\" must be an array of objects, one per row to predict.");
                }

                root = rows;
            }

            var parsed = new RequestRows([], []);
            if (root.ValueKind == JsonValueKind.Object)
            {
                parsed.AddJsonRow(root, model, null);
            }
            else if (root.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var row in root.EnumerateArray())
                {
                    if (row.ValueKind != JsonValueKind.Object)
                    {
                        throw Bad($"Row {i} is a JSON {Kind(row.ValueKind)}, not an object. Send each row as an object of the model's inputs: {Describe(model)}.");
                    }

                    parsed.AddJsonRow(row, model, i++);
                }
            }
            else
            {
                throw Bad($"The body is a JSON {Kind(root.ValueKind)}. Send one object, an array of objects, or {{\"rows\": [...]}}, with the model's inputs: {Describe(model)}.");
            }

            if (parsed.Count == 0)
            {
                throw Bad("The request has no rows. Send at least one object with the model's inputs.");
            }

            return parsed;
        }
    }

    public static RequestRows ParseCsv(ReadOnlyMemory<byte> body, ServedModel model)
    {
        var text = Encoding.UTF8.GetString(body.Span);
        var lines = CsvRecords(text).ToList();
        if (lines.Count == 0)
        {
            throw Bad($"The CSV body is empty. Send a header line with the model's inputs ({string.Join(",", model.Inputs.Select(c => c.Name))}) and one line per row.");
        }

        var header = lines[0];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in header)
        {
            if (!model.ByName.ContainsKey(name))
            {
                throw Extra(name, model, null);
            }

            if (!seen.Add(name))
            {
                throw Bad($"Field '{name}' appears twice in the CSV header. Name each input once.");
            }
        }

        CheckMissing(seen, model, null);
        var parsed = new RequestRows([], []);
        for (var r = 1; r < lines.Count; r++)
        {
            var cells = lines[r];
            if (cells.Length == 1 && cells[0].Length == 0)
            {
                continue;
            }

            var row = r - 1;
            if (cells.Length != header.Length)
            {
                throw Bad($"CSV row {row} has {cells.Length} values; the header has {header.Length}. Give every line one value per header field.");
            }

            var values = Defaults(model);
            var inputs = new Dictionary<string, object?>(model.Inputs.Count, StringComparer.Ordinal);
            for (var c = 0; c < header.Length; c++)
            {
                var column = model.ByName[header[c]];
                var (value, logged) = FromText(cells[c], column, row);
                values[column.Index] = value;
                inputs[column.Name] = logged;
            }

            parsed.Add(values, inputs, model);
        }

        if (parsed.Count == 0)
        {
            throw Bad("The CSV body has a header but no rows. Add one line per row to predict.");
        }

        return parsed;
    }

    private void AddJsonRow(JsonElement row, ServedModel model, int? index)
    {
        var values = Defaults(model);
        var inputs = new Dictionary<string, object?>(model.Inputs.Count, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in row.EnumerateObject())
        {
            if (!model.ByName.TryGetValue(property.Name, out var column))
            {
                throw Extra(property.Name, model, index);
            }

            seen.Add(property.Name);
            var (value, logged) = FromJson(property.Value, column, index);
            values[column.Index] = value;
            inputs[column.Name] = logged;
        }

        CheckMissing(seen, model, index);
        Add(values, inputs, model);
    }

    private void Add(object[] values, Dictionary<string, object?> inputs, ServedModel model)
    {
        foreach (var column in model.Inputs)
        {
            inputs.TryAdd(column.Name, null);
        }

        Values.AsList().Add(values);
        Inputs.AsList().Add(inputs);
    }

    private static (object Value, object? Logged) FromJson(JsonElement value, InputColumn column, int? row)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return column.Kind is InputKind.Single or InputKind.Double or InputKind.Text
                ? (column.DefaultValue, null)
                : throw WrongType(column, row, "null", "a value (this type has no missing value)");
        }

        switch (column.Kind)
        {
            case InputKind.Text:
                return value.ValueKind == JsonValueKind.String
                    ? ((object)value.GetString()!.AsMemory(), (object?)value.GetString())
                    : throw WrongType(column, row, Kind(value.ValueKind), "a JSON string");
            case InputKind.Boolean:
                return value.ValueKind is JsonValueKind.True or JsonValueKind.False
                    ? ((object)value.GetBoolean(), (object?)value.GetBoolean())
                    : throw WrongType(column, row, Kind(value.ValueKind), "true or false");
            default:
                if (value.ValueKind != JsonValueKind.Number)
                {
                    throw WrongType(column, row, Kind(value.ValueKind), column.Kind is InputKind.Int32 or InputKind.Int64 ? "a JSON integer" : "a JSON number");
                }

                return Number(value.GetDouble(), column, row, value.GetRawText());
        }
    }

    private static (object Value, object? Logged) FromText(string text, InputColumn column, int row)
    {
        switch (column.Kind)
        {
            case InputKind.Text:
                return ((object)text.AsMemory(), (object?)text);
            case InputKind.Boolean:
                return bool.TryParse(text, out var b) ? ((object)b, (object?)b) : throw WrongType(column, row, $"'{text}'", "true or false");
            default:
                if (text.Length == 0 && column.Kind is InputKind.Single or InputKind.Double)
                {
                    return (column.DefaultValue, null);
                }

                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                    ? Number(d, column, row, text)
                    : throw WrongType(column, row, $"'{text}'", "a number");
        }
    }

    private static (object Value, object? Logged) Number(double d, InputColumn column, int? row, string raw) => column.Kind switch
    {
        // Each value boxed as the column's own type: a tuple of (float, double) would widen the float to double.
        InputKind.Single => ((object)(float)d, (object?)d),
        InputKind.Double => ((object)d, (object?)d),
        InputKind.Int32 when d == Math.Floor(d) && d >= int.MinValue && d <= int.MaxValue => ((object)(int)d, (object?)d),
        InputKind.Int64 when d == Math.Floor(d) && d >= long.MinValue && d <= long.MaxValue => ((object)(long)d, (object?)d),
        _ => throw WrongType(column, row, raw, "an integer"),
    };

    private static object[] Defaults(ServedModel model)
    {
        var values = new object[model.InputSchema.Count];
        foreach (var column in model.InputSchema)
        {
            values[column.Index] = model.Inputs.FirstOrDefault(c => c.Index == column.Index)?.DefaultValue ?? float.NaN;
        }

        return values;
    }

    private static void CheckMissing(HashSet<string> seen, ServedModel model, int? row)
    {
        foreach (var column in model.Inputs)
        {
            if (column.Required && !seen.Contains(column.Name))
            {
                throw Bad($"Missing field '{column.Name}' ({column.TypeName}){At(row)}. The model needs it; add it to every row (null where a number is unknown). Inputs: {Describe(model)}.");
            }
        }
    }

    private static ApiException Extra(string name, ServedModel model, int? row)
    {
        var near = model.Inputs.FirstOrDefault(c => c.Name.Equals(name, StringComparison.OrdinalIgnoreCase) || c.Name.Replace(" ", "", StringComparison.Ordinal).Equals(name.Replace(" ", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase));
        return Bad($"Unknown field '{name}'{At(row)}: models:/{model.Name}/{model.Version} has no such input." +
            (near is null ? "" : $" Did you mean '{near.Name}'?") + $" Remove it; the inputs are {Describe(model)}.");
    }

    private static ApiException WrongType(InputColumn column, int? row, string got, string expected) =>
        Bad($"Field '{column.Name}'{At(row)} is {got}; the model takes {expected} there ({column.TypeName}). Send {expected}.");

    private static string At(int? row) => row is null ? "" : $" in row {row}";

    private static string Describe(ServedModel model) =>
        string.Join(", ", model.Inputs.Select(c => $"'{c.Name}' ({c.TypeName}{(c.Required ? "" : ", optional")})"));

    private static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        _ => "null",
    };

    private static ApiException Bad(string message) => new(400, ApiErrors.InvalidParameterValue, message);

    /// <summary>CSV records (RFC 4180: quoted fields may hold commas, quotes doubled, and line breaks).</summary>
    private static IEnumerable<string[]> CsvRecords(string text)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var any = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            any = true;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    field.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (ch is '\n' or '\r')
            {
                if (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                fields.Add(field.ToString());
                field.Clear();
                yield return [.. fields];
                fields.Clear();
                any = false;
            }
            else
            {
                field.Append(ch);
            }
        }

        if (any)
        {
            fields.Add(field.ToString());
            yield return [.. fields];
        }
    }
}

file static class ListExtensions
{
    public static List<T> AsList<T>(this IReadOnlyList<T> list) => (List<T>)list;
}
