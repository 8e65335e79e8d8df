using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Ariadne.Plots;

/// <summary>
/// The rows of a plots file: CSV or TSV with a header row, or JSON (a list of objects, or an object holding one such
/// list, as dvc.yaml's plots read them). Cells stay text; <see cref="Number"/> reads one as a number.
/// </summary>
internal sealed class PlotTable
{
    private PlotTable(IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyDictionary<string, string>> rows) => (Columns, Rows) = (columns, rows);

    public IReadOnlyList<string> Columns { get; }

    public IReadOnlyList<IReadOnlyDictionary<string, string>> Rows { get; }

    public static bool IsImage(string path) => Path.GetExtension(path).ToLowerInvariant() is ".png" or ".jpg" or ".jpeg" or ".gif" or ".svg";

    public static PlotTable Parse(byte[] bytes, string path)
    {
        var text = Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF');
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".csv" => Delimited(text, ',', path),
            ".tsv" => Delimited(text, '\t', path),
            ".json" => Json(text, path),
            _ => throw AriadneException.InvalidArgument($"Plots file '{path}' is not CSV, TSV, JSON or an image (.png, .jpg, .gif, .svg); name a file of one of those kinds in 'plots:'."),
        };
    }

    public static double? Number(string? text) =>
        text is not null && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : null;

    private static PlotTable Delimited(string text, char separator, string path)
    {
        var records = Records(text, separator).Where(r => r.Count > 1 || r[0].Length > 0).ToList();
        if (records.Count == 0)
        {
            throw AriadneException.InvalidArgument($"Plots file '{path}' is empty; it needs a header row and one row per point.");
        }

        var header = records[0];
        var rows = records.Skip(1).Select(r => (IReadOnlyDictionary<string, string>)header.Select((name, i) => (name, value: i < r.Count ? r[i] : ""))
            .DistinctBy(c => c.name).ToDictionary(c => c.name, c => c.value, StringComparer.Ordinal)).ToList();
        return new PlotTable(header, rows);
    }

    // RFC 4180: quoted fields may hold the separator, doubled quotes and line breaks.
    private static IEnumerable<List<string>> Records(string text, char separator)
    {
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == separator)
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                record.Add(field.ToString());
                field.Clear();
                yield return record;
                record = [];
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            yield return record;
        }
    }

    private static PlotTable Json(string text, string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw AriadneException.InvalidArgument($"Plots file '{path}' is not valid JSON ({e.Message}).");
        }

        using (document)
        {
            var list = document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement
                : document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.EnumerateObject().FirstOrDefault(p => p.Value.ValueKind == JsonValueKind.Array) is { Value.ValueKind: JsonValueKind.Array } property ? property.Value
                : throw AriadneException.InvalidArgument($"Plots file '{path}' holds no list of points: write a JSON list of objects ([{{\"step\": 1, \"loss\": 0.5}}, ...]) or an object with one such list.");
            var columns = new List<string>();
            var rows = new List<IReadOnlyDictionary<string, string>>();
            foreach (var item in list.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object))
            {
                var row = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var p in item.EnumerateObject())
                {
                    if (!columns.Contains(p.Name, StringComparer.Ordinal))
                    {
                        columns.Add(p.Name);
                    }

                    row[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
                }

                rows.Add(row);
            }

            return new PlotTable(columns, rows);
        }
    }
}
