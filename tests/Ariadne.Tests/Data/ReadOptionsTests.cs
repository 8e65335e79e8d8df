using System.Text;
using Ariadne.Data.Profiling;
using Ariadne.Data.Reading;
using Ariadne.Data.Schema;
using Ariadne.Tests.Support;

namespace Ariadne.Tests.Data;

/// <summary>How text files are read: missing-value spellings, delimiters, decimal commas, and where errors point.</summary>
public sealed class ReadOptionsTests
{
    private static async Task<(ITableReader Reader, List<string?[]> Rows)> ReadAll(string path, TableReadOptions? options = null, int batchRows = TableReader.DefaultBatchRows)
    {
        var reader = await TableReader.OpenAsync(path, batchRows: batchRows, options: options);
        var rows = new List<string?[]>();
        while (await reader.ReadBatchAsync() is { } batch)
        {
            for (var r = 0; r < batch.RowCount; r++)
            {
                rows.Add([.. batch.Columns.Select(c => c.GetText(r))]);
            }
        }

        return (reader, rows);
    }

    [Fact]
    public async Task None_and_NA_are_missing_by_default_and_real_values_when_the_user_says_so()
    {
        using var temp = new TempFolder();
        var path = temp.WriteFile("strikes.csv", "damage,country\nNone,NA\nMinor,US\n,CA\n");

        var (defaults, byDefault) = await ReadAll(path);
        var (custom, asValues) = await ReadAll(path, new TableReadOptions { NaValues = TableReadOptions.ParseNaValues("") });
        defaults.Dispose();
        custom.Dispose();
        var profile = await DataProfiler.ProfileAsync(path, reading: new TableReadOptions { NaValues = TableReadOptions.ParseNaValues("") });

        Assert.Equal(new string?[] { null, null }, byDefault[0]);
        Assert.Equal(new string?[] { "None", "NA" }, asValues[0]);
        Assert.Equal(new string?[] { null, "CA" }, asValues[2]);
        Assert.Equal(1, profile.Columns[0].Nulls);
        Assert.Contains("None", CellText.DefaultNaValues);
    }

    [Fact]
    public async Task A_schema_names_its_own_missing_value_spellings()
    {
        using var temp = new TempFolder();
        var data = temp.WriteFile("strikes.csv", "damage\nNone\nMinor\n");
        var schemaFile = temp.WriteFile("schema.yaml", "format: 1\nna_values: ['-']\ncolumns:\n  - {name: damage, type: string, nullable: false}\n");

        var schema = SchemaFile.Read(schemaFile);
        var report = await SchemaValidator.ValidateAsync(data, schema);

        Assert.True(report.Valid, string.Join("; ", report.Failures.Select(c => c.ToString())));
        Assert.Contains("na_values: ['', '-']", SchemaFile.ToYaml(schema));
    }

    [Fact]
    public async Task A_semicolon_file_is_read_with_its_delimiter_and_a_forced_comma_warns()
    {
        using var temp = new TempFolder();
        var path = temp.WriteFile("data.csv", "id;val;name\n1;2,5;\"a;b\"\n2;3,25;c\n");
        var plain = temp.WriteFile("plain.csv", "id;val;name\n1;2;a\n2;3;c\n");

        var (detected, rows) = await ReadAll(path);
        var (forced, _) = await ReadAll(plain, new TableReadOptions { Delimiter = ',' });
        detected.Dispose();
        forced.Dispose();

        Assert.Equal(';', detected.Delimiter);
        Assert.Equal(["id", "val", "name"], detected.ColumnNames);
        Assert.Equal(new string?[] { "1", "2,5", "a;b" }, rows[0]);
        Assert.Contains(detected.Warnings, w => w.Contains("decimal comma", StringComparison.Ordinal) && w.Contains("'2,5'", StringComparison.Ordinal));
        Assert.Equal(["id;val;name"], forced.ColumnNames);
        Assert.Contains(forced.Warnings, w => w.Contains("one column named 'id;val;name'", StringComparison.Ordinal) && w.Contains("--delimiter ';'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Decimal_commas_in_a_semicolon_file_are_read_as_numbers()
    {
        using var temp = new TempFolder();
        var path = temp.WriteFile("data.csv", "id;val\n1;2,5\n2;-0,25\n3;7\n");

        var profile = await DataProfiler.ProfileAsync(path);

        Assert.Equal(ColumnKind.Numeric, profile.Columns[1].Kind);
        Assert.Equal(-0.25, profile.Columns[1].Min);
        Assert.Equal(7, profile.Columns[1].Max);
    }

    [Fact]
    public async Task A_broken_json_object_is_reported_at_its_own_row_and_line()
    {
        using var temp = new TempFolder();
        var lines = temp.WriteFile("data.jsonl", "{\"a\": 1}\n{\"a\": 2}\n{\"a\": 3,,}\n{\"a\": 4}\n");
        var array = temp.WriteFile("data.json", "[\n  {\"a\": 1},\n  {\"a\": 2},\n  {\"a\":\n    tru}\n]\n");

        var fromLines = await Assert.ThrowsAsync<AriadneException>(() => ReadAll(lines));
        var fromArray = await Assert.ThrowsAsync<AriadneException>(() => ReadAll(array));

        Assert.Contains("line 3 (row 3)", fromLines.Message);
        Assert.Contains("line 5 (row 3)", fromArray.Message);
    }

    [Fact]
    public async Task Invalid_utf8_far_into_a_file_is_reported_at_its_line()
    {
        using var temp = new TempFolder();
        var text = new StringBuilder("id,name\n");
        for (var i = 1; i < 5001; i++)
        {
            text.Append(i).Append(",name ").Append(i).Append('\n');
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString()).Concat(new byte[] { (byte)'9', (byte)',', 0xE9, (byte)'\n' }).ToArray();
        var path = temp.WriteBytes("latin1.csv", bytes);

        var error = await Assert.ThrowsAsync<AriadneException>(() => ReadAll(path));

        Assert.Contains("line 5002, byte", error.Message);
        Assert.Contains("not valid UTF-8", error.Message);
    }
}
