using System.Globalization;
using System.Text;
using System.Text.Json;
using Ariadne.Server.Hosting;
using Ariadne.Tracking.Http;

namespace Ariadne.Serving;

/// <summary>
/// The rows of a <c>POST /predict</c> body, checked against the served model's input schema: JSON (one object, an array
/// of objects, or <c>{"rows": [...]}</c>) or CSV with a header. Each row becomes the values the model's data view
/// takes (schema order, ML.NET types), which the prediction log also reads (a missing value is the column's own boxed
/// <see cref="InputColumn.DefaultValue"/>, told apart by reference). A missing, extra or mistyped field, a number that is
/// not finite, or an empty body is a 400 that names the field and the row and says what to send.
/// </summary>
internal sealed class RequestRows
{
    private readonly List<object[]> _values = [];

    /// <summary>One array per row: a value for every schema column, in the column's ML.NET type.</summary>
    public IReadOnlyList<object[]> Values => _values;

    public int Count => _values.Count;

    public static RequestRows ParseJson(ReadOnlyMemory<byte> body, ServedModel model)
    {
        if (body.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw Bad($"The request body is empty. Send the rows to predict as JSON: one object ({{\"{model.Inputs[0].Name}\": ...}}), an array of objects, or {{\"rows\": [...]}}.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw Bad($"The body is not valid JSON ({e.Message}). Send one object ({{\"{model.Inputs[0].Name}\": ...}}), an array of objects, or {{\"rows\": [...]}}, nested no deeper than that; numbers must be finite (JSON has no NaN or Infinity: send null for a missing number).");
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

            var parsed = new RequestRows();
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
        if (lines.Count == 0 || (lines.Count == 1 && lines[0] is [{ Length: 0 }]))
        {
            throw Bad($"The CSV body is empty. Send a header line with the model's inputs ({string.Join(",", model.Inputs.Select(c => c.Name))}) and one line per row.");
        }

        var header = lines[0];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in header)
        {
            if (!model.ByName.ContainsKey(name))
            {
                var looksLikeData = !header.Any(model.ByName.ContainsKey) || header.Any(h => double.TryParse(h, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
                throw looksLikeData
                    ? Bad($"The CSV body's first line ('{Shorten(string.Join(",", header))}') names no input of models:/{model.Name}/{model.Version}: it looks like a row of data, not a header. Start the body with a header line naming the inputs ({string.Join(",", model.Inputs.Select(c => c.Name))}), then one line per row.")
                    : Extra(name, model, null);
            }

            if (!seen.Add(name))
            {
                throw Bad($"Field '{name}' appears twice in the CSV header. Name each input once.");
            }
        }

        CheckMissing(seen, model, null);
        var parsed = new RequestRows();
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

            var values = model.NewRow();
            for (var c = 0; c < header.Length; c++)
            {
                var column = model.ByName[header[c]];
                values[column.Index] = FromText(cells[c], column, row);
            }

            parsed._values.Add(values);
        }

        if (parsed.Count == 0)
        {
            throw Bad("The CSV body has a header but no rows. Add one line per row to predict.");
        }

        return parsed;
    }

    private void AddJsonRow(JsonElement row, ServedModel model, int? index)
    {
        var values = model.NewRow();
        Span<bool> seen = values.Length <= 512 ? stackalloc bool[values.Length] : new bool[values.Length];
        var required = 0;
        foreach (var property in row.EnumerateObject())
        {
            var name = Name(property, index);
            if (!model.ByName.TryGetValue(name, out var column))
            {
                throw Extra(name, model, index);
            }

            if (seen[column.Index])
            {
                throw Bad($"Field '{column.Name}'{At(index)} appears twice. Give each input once.");
            }

            seen[column.Index] = true;
            required += column.Required ? 1 : 0;
            values[column.Index] = FromJson(property.Value, column, index);
        }

        if (required < model.RequiredCount)
        {
            foreach (var column in model.Inputs)
            {
                if (column.Required && !seen[column.Index])
                {
                    throw Missing(column, model, index);
                }
            }
        }

        _values.Add(values);
    }

    // An escaped lone UTF-16 surrogate ("\ud800" without its pair) is valid JSON but no text: System.Text.Json refuses
    // it only when the string is read (an InvalidOperationException, the only one reading a string element throws), so
    // it is a 400 that says where, not a failure of the server.
    private static string Name(JsonProperty property, int? row)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            throw NotText($"A field name{At(row)}");
        }
    }

    private static string Text(JsonElement value, InputColumn column, int? row)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw NotText($"Field '{column.Name}'{At(row)}");
        }
    }

    private static ApiException NotText(string what) =>
        Bad($"{what} holds an escaped lone UTF-16 surrogate (such as \\ud800 without the low surrogate after it), which is not text. Send valid Unicode text.");

    private static object FromJson(JsonElement value, InputColumn column, int? row)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return column.Kind is InputKind.Single or InputKind.Double or InputKind.Text
                ? column.DefaultValue
                : throw WrongType(column, row, "null", "a value (this type has no missing value)");
        }

        switch (column.Kind)
        {
            case InputKind.Text:
                return value.ValueKind == JsonValueKind.String
                    ? Text(value, column, row).AsMemory()
                    : throw WrongType(column, row, Kind(value.ValueKind), "a JSON string");
            case InputKind.Boolean:
                return value.ValueKind is JsonValueKind.True or JsonValueKind.False
                    ? value.GetBoolean()
                    : throw WrongType(column, row, Kind(value.ValueKind), "true or false");
            default:
                if (value.ValueKind != JsonValueKind.Number)
                {
                    throw WrongType(column, row, Kind(value.ValueKind), column.Kind is InputKind.Int32 or InputKind.Int64 ? "a JSON integer" : "a JSON number");
                }

                // A number too large for a double (1e400) is not finite: say so instead of failing inside the parser.
                return value.TryGetDouble(out var d)
                    ? Number(d, column, row, value.GetRawText())
                    : throw NotFinite(column, row, Shorten(value.GetRawText()));
        }
    }

    private static object FromText(string text, InputColumn column, int row)
    {
        switch (column.Kind)
        {
            case InputKind.Text:
                return text.AsMemory();
            case InputKind.Boolean:
                return bool.TryParse(text, out var b) ? b : throw WrongType(column, row, $"'{Shorten(text)}'", "true or false");
            default:
                if (text.Length == 0 && column.Kind is InputKind.Single or InputKind.Double)
                {
                    return column.DefaultValue;
                }

                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                    ? Number(d, column, row, text)
                    : throw WrongType(column, row, $"'{Shorten(text)}'", "a number");
        }
    }

    private static object Number(double d, InputColumn column, int? row, string raw)
    {
        if (!double.IsFinite(d) || (column.Kind == InputKind.Single && !float.IsFinite((float)d)))
        {
            throw NotFinite(column, row, Shorten(raw));
        }

        // Each value boxed as the column's own type (each arm cast to object: the switch's natural type would be double).
        return column.Kind switch
        {
            InputKind.Single => (object)(float)d,
            InputKind.Double => (object)d,
            InputKind.Int32 when d == Math.Floor(d) && d >= int.MinValue && d <= int.MaxValue => (object)(int)d,
            InputKind.Int64 when d == Math.Floor(d) && d >= -9.2e18 && d <= 9.2e18 => (object)(long)d,
            _ => throw WrongType(column, row, raw, "an integer"),
        };
    }

    private static ApiException NotFinite(InputColumn column, int? row, string raw) =>
        Bad($"Field '{column.Name}'{At(row)} is {raw}, which is not a finite {column.TypeName}. Send a finite number, or {(column.Kind is InputKind.Single or InputKind.Double ? "null (an empty CSV cell) for a missing value" : "a value in the integer's range")}.");

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";

    private static void CheckMissing(HashSet<string> seen, ServedModel model, int? row)
    {
        foreach (var column in model.Inputs)
        {
            if (column.Required && !seen.Contains(column.Name))
            {
                throw Missing(column, model, row);
            }
        }
    }

    private static ApiException Missing(InputColumn column, ServedModel model, int? row) =>
        Bad($"Missing field '{column.Name}' ({column.TypeName}){At(row)}. The model needs it; add it to every row (null where a number is unknown). Inputs: {Describe(model)}.");

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
