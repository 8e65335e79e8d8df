using System.Text;
using System.Text.Json;
using Ariadne.Data.Reading;
using Ariadne.Data.Splitting;
using Ariadne.Tests.Support;
using Parquet;

namespace Ariadne.Tests.Data;

/// <summary>
/// The property every split keeps: the parts together hold exactly the source's rows, each cell as written in the
/// source, in the source's format. Sources and parts are compared through parsers independent of Ariadne's readers.
/// </summary>
public sealed class SplitRoundTripTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Data", "Fixtures", name);

    public static TheoryData<string, string?> Sources => new()
    {
        { "strikes.csv", null },
        { "strikes.csv", "Record ID" },
        { "strikes.tsv", null },
        { "strikes-semicolon.csv", null },
        { "seattle-weather.csv", "date" },
        { "values.json", null },
        { "values.jsonl", null },
        { "penguins.json", null },
        { "flights-sample.parquet", null },
    };

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task The_parts_together_hold_the_source_rows_cell_for_cell(string fixture, string? by)
    {
        using var temp = new TempFolder();
        var source = temp.Combine(fixture);
        File.Copy(Fixture(fixture), source);

        foreach (var seed in new long[] { 1, 2, 3 })
        {
            var manifest = await DataSplitter.SplitAsync(source, temp.Combine($"split-{seed}"), new SplitOptions { Seed = seed, By = by });

            var expected = Rows(source);
            var actual = manifest.Parts.SelectMany(p => Rows(manifest.PartPath(p))).ToList();
            Assert.All(manifest.Parts, p => Assert.Equal(Path.GetExtension(fixture), Path.GetExtension(p.File)));
            Assert.Equal(expected.Count, actual.Count);
            Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
            if (fixture.EndsWith(".parquet", StringComparison.Ordinal))
            {
                Assert.All(manifest.Parts, p => Assert.Equal(Schema(source), Schema(manifest.PartPath(p))));
            }
        }
    }

    [Fact]
    public async Task Missing_value_spellings_and_big_numbers_survive_a_split()
    {
        using var temp = new TempFolder();
        var csv = temp.WriteFile("strikes.csv", "id,damage,country,cost\n1,None,NA,1.50\n2,Minor,N/A,9007199254740993\n3,null,US,12345678901234567890\n");
        var json = temp.WriteFile("values.jsonl", "{\"id\": 9007199254740993, \"ok\": true, \"meta\": {\"a\": 1}, \"price\": 1.50}\n{\"id\": 12345678901234567890, \"ok\": false, \"price\": 2}\n");

        var csvParts = await DataSplitter.SplitAsync(csv, temp.Combine("csv"), new SplitOptions { Seed = 1, Names = ["all", "none"], Ratios = [1, 0], Sealed = null });
        var jsonParts = await DataSplitter.SplitAsync(json, temp.Combine("json"), new SplitOptions { Seed = 1, Names = ["all", "none"], Ratios = [1, 0], Sealed = null });

        Assert.Equal(File.ReadAllText(csv), File.ReadAllText(csvParts.PartPath(csvParts.Part("all"))));
        Assert.Equal(File.ReadAllText(json).Replace(" ", "", StringComparison.Ordinal), File.ReadAllText(jsonParts.PartPath(jsonParts.Part("all"))).Replace(" ", "", StringComparison.Ordinal));
    }

    /// <summary>Each row as one string of its cells as written: field text for CSV/TSV, raw JSON per key, typed values for Parquet.</summary>
    internal static List<string> Rows(string path)
    {
        var extension = Path.GetExtension(path);
        return extension switch
        {
            ".csv" => DelimitedRows(File.ReadAllText(path), Sniff(path)),
            ".tsv" => DelimitedRows(File.ReadAllText(path), '\t'),
            ".json" => JsonRows(JsonDocument.Parse(File.ReadAllBytes(path)).RootElement.EnumerateArray()),
            ".jsonl" => JsonRows(File.ReadAllLines(path).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement)),
            _ => ParquetRows(path),
        };
    }

    private static char Sniff(string path) => File.ReadLines(path).First().Count(c => c == ';') > 0 ? ';' : ',';

    /// <summary>A plain RFC 4180 parser: the header is left out, every other record becomes its unquoted fields joined by U+241F.</summary>
    private static List<string> DelimitedRows(string text, char separator)
    {
        var rows = new List<string>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (ch == '"') { quoted = false; }
                else { field.Append(ch); }
            }
            else if (ch == '"') { quoted = true; }
            else if (ch == separator) { fields.Add(field.ToString()); field.Clear(); }
            else if (ch == '\n')
            {
                fields.Add(field.ToString().TrimEnd('\r'));
                field.Clear();
                rows.Add(string.Join('\u241f', fields));
                fields.Clear();
            }
            else { field.Append(ch); }
        }

        return rows.Skip(1).ToList();
    }

    private static List<string> JsonRows(IEnumerable<JsonElement> objects) =>
        [.. objects.Select(o => string.Join('\u241f', o.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => $"{p.Name}={p.Value.GetRawText()}")))];

    private static List<string> ParquetRows(string path)
    {
        var rows = new List<string>();
        TableReader.ForEachBatchAsync(path, batch =>
        {
            for (var r = 0; r < batch.RowCount; r++)
            {
                rows.Add(string.Join('\u241f', batch.Columns.Select(c => c.GetText(r) ?? "\u2400")));
            }
        }).GetAwaiter().GetResult();
        return rows;
    }

    private static string Schema(string path)
    {
        var reader = ParquetReader.CreateAsync(path).GetAwaiter().GetResult();
        try
        {
            return string.Join(", ", reader.Schema.GetDataFields().Select(f => $"{f.Name}:{f.ClrType.Name}:{f.IsNullable}"));
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
