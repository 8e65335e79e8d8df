using System.Globalization;
using System.Text.Json;

namespace Penguins;

/// <summary>The data stages: plain C#, no ML.</summary>
internal static class Stages
{
    /// <summary>Raw JSON (vega-datasets' penguins.json) to a CSV table; missing values become empty fields.</summary>
    public static void Ingest(string input, string output)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(input));
        var rows = document.RootElement.EnumerateArray().Select(bird => new Row(
            Field(bird, "Species"),
            Field(bird, "Island"),
            Field(bird, "Beak Length (mm)"),
            Field(bird, "Beak Depth (mm)"),
            Field(bird, "Flipper Length (mm)"),
            Field(bird, "Body Mass (g)"),
            Field(bird, "Sex"))).ToList();
        Table.Write(output, rows);
        Console.WriteLine($"ingest: {rows.Count} rows from {input} to {output}");
    }

    /// <summary>
    /// Drops rows with a missing value (the raw data has 11, among them one with sex "."), and normalises the text
    /// columns: species and island in title case, sex in lower case, numbers in invariant form. Scaling the numeric
    /// features is fitted on the train split only (in 'train'), so no statistic of validation or test leaks in.
    /// </summary>
    public static void Clean(string input, string output)
    {
        var rows = Table.Read(input);
        var clean = rows
            .Where(r => r.Fields.All(f => f.Trim().Length > 0) && r.Sex.Trim() != ".")
            .Select(r => new Row(
                Title(r.Species),
                Title(r.Island),
                Canonical(r.BeakLengthMm),
                Canonical(r.BeakDepthMm),
                Canonical(r.FlipperLengthMm),
                Canonical(r.BodyMassG),
                r.Sex.Trim().ToLowerInvariant()))
            .ToList();
        Table.Write(output, clean);
        Console.WriteLine($"clean: kept {clean.Count} of {rows.Count} rows ({rows.Count - clean.Count} with missing values dropped)");
    }

    private static string Field(JsonElement bird, string name) =>
        bird.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined => "",
            JsonValueKind.Number => Table.Number(value.GetDouble()),
            _ => (value.GetString() ?? "").Replace(',', ' '),
        } : "";

    private static string Title(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        return t.Length == 0 ? t : char.ToUpperInvariant(t[0]) + t[1..];
    }

    private static string Canonical(string number) => Table.Number(double.Parse(number, CultureInfo.InvariantCulture));
}
