using Ariadne.Data.Profiling;
using Ariadne.Data.Reading;
using Ariadne.Tests.Support;

namespace Ariadne.Tests.Data;

public sealed class TableReaderTests
{
    private static async Task<(IReadOnlyList<string> Columns, List<string?[]> Rows)> ReadAll(string path, int batchRows = TableReader.DefaultBatchRows)
    {
        using var reader = await TableReader.OpenAsync(path, batchRows: batchRows);
        var rows = new List<string?[]>();
        while (await reader.ReadBatchAsync() is { } batch)
        {
            for (var r = 0; r < batch.RowCount; r++)
            {
                rows.Add([.. batch.Columns.Select(c => c.GetText(r))]);
            }
        }

        return (reader.ColumnNames, rows);
    }

    [Fact]
    public async Task Csv_reads_quotes_embedded_newlines_crlf_nulls_and_numbers()
    {
        using var temp = new TempFolder();
        var path = temp.WriteFile("a.csv", "id,name,score\r\n1,\"Smith, J\",2.5\r\n2,\"say \"\"hi\"\"\nthere\",NA\r\n3,,1e3\r\n");

        var (columns, rows) = await ReadAll(path, batchRows: 2);

        Assert.Equal(["id", "name", "score"], columns);
        Assert.Equal(3, rows.Count);
        Assert.Equal(new string?[] { "1", "Smith, J", "2.5" }, rows[0]);
        Assert.Equal(new string?[] { "2", "say \"hi\"\nthere", null }, rows[1]);
        Assert.Equal(new string?[] { "3", null, "1e3" }, rows[2]);
    }

    [Fact]
    public async Task Tsv_json_array_and_json_lines_give_the_same_table()
    {
        using var temp = new TempFolder();
        var tsv = temp.WriteFile("a.tsv", "x\ty\n1\ta\n2.5\t\n");
        var json = temp.WriteFile("a.json", "[\n {\"x\": 1, \"y\": \"a\"},\n {\"x\": 2.5, \"y\": null}\n]");
        var jsonl = temp.WriteFile("a.jsonl", "{\"x\": 1, \"y\": \"a\"}\n{\"x\": 2.5, \"y\": null}\n");

        var expected = await ReadAll(tsv);
        foreach (var other in new[] { json, jsonl })
        {
            var actual = await ReadAll(other);
            Assert.Equal(expected.Columns, actual.Columns);
            Assert.Equal(expected.Rows, actual.Rows);
        }
    }

    [Fact]
    public async Task Json_objects_larger_than_the_buffer_stream_through()
    {
        using var temp = new TempFolder();
        var big = new string('x', 3 << 20);
        var path = temp.WriteFile("big.jsonl", $"{{\"a\": \"{big}\", \"b\": 1}}\n{{\"a\": \"small\", \"b\": 2}}\n");

        var (_, rows) = await ReadAll(path);

        Assert.Equal(2, rows.Count);
        Assert.Equal(big, rows[0][0]);
        Assert.Equal("2", rows[1][1]);
    }

    [Fact]
    public async Task Parquet_reads_numbers_text_and_dates_from_the_committed_sample()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Data", "Fixtures", "flights-sample.parquet");

        var (columns, rows) = await ReadAll(path);

        Assert.Equal(["date", "delay", "distance", "origin", "destination"], columns);
        Assert.Equal(2000, rows.Count);
        Assert.All(rows, r => Assert.Matches(@"^\d{4}-\d\d-\d\d", r[0]!));
        Assert.All(rows, r => Assert.True(double.TryParse(r[2], System.Globalization.CultureInfo.InvariantCulture, out _)));
        Assert.All(rows, r => Assert.Matches("^[A-Z]{3}$", r[3]!));
    }

    [Fact]
    public async Task Arrow_written_by_the_npm_apache_arrow_package_reads_numbers_dictionary_texts_booleans_dates_and_nulls()
    {
        using var temp = new TempFolder();
        var path = temp.Combine("table.arrow");
        // The file comes from a writer nobody here wrote: apache-arrow's tableToIPC (a dictionary-encoded text column included).
        await Ariadne.Tests.Lineage.Repository.RunAsync("node", [Path.Combine(Ariadne.Tests.Lineage.Repository.Root(), "tests", "services", "arrow-check.js"), "--write", path], "Install Node.js and run 'npm ci --prefix tests/services' (./run-tests does).");

        var (columns, rows) = await ReadAll(path);

        Assert.Equal(["id", "weight", "city", "note", "flag", "day"], columns);
        Assert.Equal(new string?[] { "1", "1.5", "Oslo", "a", "true", "2026-01-31" }, rows[0]);
        Assert.Equal(new string?[] { "2", null, null, "b", "false", null }, rows[1]);
        Assert.Equal(new string?[] { "3", "3.25", "Lima", null, null, "2026-02-01" }, rows[2]);
        var profile = await DataProfiler.ProfileAsync(path);
        Assert.Equal(3, profile.Rows);
        Assert.Equal("arrow", profile.Format);

        // Only the columns asked for are converted, in the file's order.
        using var some = await TableReader.OpenAsync(path, columns: ["day", "weight"]);
        Assert.Equal(["weight", "day"], some.ColumnNames);
    }

    [Fact]
    public async Task A_cut_short_or_foreign_arrow_file_is_refused_with_its_name()
    {
        using var temp = new TempFolder();
        var whole = temp.Combine("whole.arrow");
        await Ariadne.Tests.Lineage.Repository.RunAsync("node", [Path.Combine(Ariadne.Tests.Lineage.Repository.Root(), "tests", "services", "arrow-check.js"), "--write", whole], "Install Node.js and run 'npm ci --prefix tests/services' (./run-tests does).");
        var bytes = await File.ReadAllBytesAsync(whole);
        var cut = temp.WriteBytes("cut.arrow", bytes[..(bytes.Length / 2)]);
        var foreign = temp.WriteFile("notes.feather", "these are not Arrow columns\n");

        var cutError = await Assert.ThrowsAsync<AriadneException>(() => ReadAll(cut));
        var foreignError = await Assert.ThrowsAsync<AriadneException>(() => ReadAll(foreign));

        Assert.Contains("cut.arrow", cutError.Message, StringComparison.Ordinal);
        Assert.Contains("Arrow", cutError.Message, StringComparison.Ordinal);
        Assert.Contains("notes.feather", foreignError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ragged_csv_row_names_file_and_line()
    {
        using var temp = new TempFolder();
        var path = temp.WriteFile("ragged.csv", "a,b,c\n1,2,3\n4,5\n");

        var error = await Assert.ThrowsAsync<AriadneException>(() => ReadAll(path));

        Assert.Equal(ErrorCode.InvalidData, error.Code);
        Assert.Contains("ragged.csv", error.Message);
        Assert.Contains("line 3 (row 2)", error.Message);
        Assert.Contains("2 field(s), but the header has 3", error.Message);
    }

    [Fact]
    public async Task Invalid_utf8_is_refused_with_advice()
    {
        using var temp = new TempFolder();
        var path = temp.WriteBytes("latin1.csv", [.. "name\n"u8.ToArray(), 0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72, (byte)'\n']);

        var error = await Assert.ThrowsAsync<AriadneException>(() => ReadAll(path));

        Assert.Contains("latin1.csv", error.Message);
        Assert.Contains("not valid UTF-8", error.Message);
        Assert.Contains("iconv", error.Message);
    }

    [Theory]
    [InlineData("empty.csv")]
    [InlineData("empty.json")]
    [InlineData("empty.parquet")]
    public async Task Empty_files_are_refused_clearly(string name)
    {
        using var temp = new TempFolder();
        var path = temp.WriteFile(name, "");

        var error = await Assert.ThrowsAsync<AriadneException>(() => ReadAll(path));

        Assert.Contains("is empty", error.Message);
        Assert.Contains(name, error.Message);
    }

    [Fact]
    public async Task Unclosed_quotes_truncated_json_and_duplicate_headers_are_refused()
    {
        using var temp = new TempFolder();
        var quote = temp.WriteFile("q.csv", "a,b\n1,\"open\n");
        var truncated = temp.WriteFile("t.json", "[{\"a\": 1}, {\"a\": ");
        var duplicate = temp.WriteFile("d.csv", "a,a\n1,2\n");

        Assert.Contains("never closed", (await Assert.ThrowsAsync<AriadneException>(() => ReadAll(quote))).Message);
        Assert.Contains("t.json", (await Assert.ThrowsAsync<AriadneException>(() => ReadAll(truncated))).Message);
        Assert.Contains("twice", (await Assert.ThrowsAsync<AriadneException>(() => ReadAll(duplicate))).Message);
    }

    [Fact]
    public async Task Mixed_types_in_a_column_are_reported_with_rows()
    {
        using var temp = new TempFolder();
        var path = temp.WriteFile("m.csv", "age\n31\n42\nunknown\n50\n");

        var profile = await DataProfiler.ProfileAsync(path);

        var column = Assert.Single(profile.Columns);
        Assert.Equal(ColumnKind.Mixed, column.Kind);
        Assert.Contains("row 3: 'unknown'", column.MixedExample);
    }

    [Fact]
    public async Task Batches_stream_a_file_in_pieces_with_running_row_numbers()
    {
        using var temp = new TempFolder();
        var path = temp.WriteFile("n.csv", "n\n" + string.Join("\n", Enumerable.Range(1, 10)) + "\n");
        using var reader = await TableReader.OpenAsync(path, batchRows: 3);
        var firsts = new List<long>();
        while (await reader.ReadBatchAsync() is { } batch)
        {
            firsts.Add(batch.FirstRow);
        }

        Assert.Equal([1, 4, 7, 10], firsts);
    }
}
