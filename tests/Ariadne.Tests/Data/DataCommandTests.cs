using Ariadne.Tests.Support;

namespace Ariadne.Tests.Data;

/// <summary>The data commands as scripts and pipeline stages see them: exit codes, --json, files written or not.</summary>
public sealed class DataCommandTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Data", "Fixtures", name);

    [Fact]
    public void Schema_infer_then_validate_passes_and_a_broken_file_fails_with_rows()
    {
        using var temp = new TempFolder();
        File.Copy(Fixture("seattle-weather.csv"), temp.Combine("weather.csv"));
        var infer = CliRunner.Run(temp.Path, "data", "schema", "infer", "weather.csv", "-o", "schema.yaml");
        var valid = CliRunner.Run(temp.Path, "data", "validate", "weather.csv", "--schema", "schema.yaml");
        var lines = File.ReadAllLines(temp.Combine("weather.csv"));
        lines[10] = "2012-01-01,abc,99.9,5.0,4.7,hail";
        File.WriteAllLines(temp.Combine("broken.csv"), lines);
        var invalid = CliRunner.Run(temp.Path, "data", "validate", "broken.csv", "--schema", "schema.yaml", "--json");

        Assert.Equal(0, infer.ExitCode);
        Assert.Equal(0, valid.ExitCode);
        Assert.Contains("valid", valid.Out);
        Assert.Equal(1, invalid.ExitCode);
        Assert.Contains("\"valid\": false", invalid.Out);
        Assert.Contains("\"check\": \"type\"", invalid.Out);
        Assert.Contains("\"check\": \"max\"", invalid.Out);
        Assert.Contains("\"check\": \"allowed\"", invalid.Out);
        Assert.Contains("\"check\": \"unique\"", invalid.Out);
        Assert.Contains("\"row\": 10", invalid.Out);
    }

    [Fact]
    public void Profile_writes_json_and_drift_writes_a_report_with_plots_and_exit_code()
    {
        using var temp = new TempFolder();
        var lines = File.ReadAllLines(Fixture("seattle-weather.csv"));
        File.WriteAllLines(temp.Combine("early.csv"), lines.Take(366));
        File.WriteAllLines(temp.Combine("late.csv"), lines.Take(1).Concat(lines.Skip(1096)));

        var profile = CliRunner.Run(temp.Path, "data", "profile", "early.csv", "-o", "early.profile.json");
        var drift = CliRunner.Run(temp.Path, "data", "drift", "early.profile.json", "late.csv", "--columns", "weather,temp_max,wind", "-o", "report", "--json");

        Assert.Equal(0, profile.ExitCode);
        Assert.True(File.Exists(temp.Combine("early.profile.json")));
        Assert.Contains("\"results\"", drift.Out);
        Assert.True(File.Exists(temp.Combine("report", "drift.json")));
        Assert.True(File.Exists(temp.Combine("report", "drift.md")));
        var plots = Directory.GetFiles(temp.Combine("report", "plots"), "*.png");
        Assert.Equal(drift.Out.Split("\"drifted\": true").Length - 1, plots.Length);
        Assert.All(plots, p => Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(p)[..4]));
        Assert.Equal(drift.Out.Contains("\"dataset_drift\": true", StringComparison.Ordinal) ? 1 : 0, drift.ExitCode);
    }

    [Fact]
    public void Bad_input_exits_2_with_file_row_and_column_and_leaves_no_output()
    {
        using var temp = new TempFolder();
        temp.WriteFile("ragged.csv", "a,b\n1,2\n3\n");
        temp.WriteFile("empty.csv", "");
        temp.WriteFile("schema.yaml", "format: 1\ncolumns:\n  - {name: missing, type: integer}\n");
        temp.WriteFile("ok.csv", "a,b\n1,2\n");

        var ragged = CliRunner.Run(temp.Path, "data", "split", "ragged.csv", "--seed", "1", "-o", "out");
        var empty = CliRunner.Run(temp.Path, "data", "profile", "empty.csv", "-o", "p.json");
        var missing = CliRunner.Run(temp.Path, "data", "validate", "ok.csv", "--schema", "schema.yaml");

        Assert.Equal(2, ragged.ExitCode);
        Assert.Contains("ragged.csv', line 3 (row 2)", ragged.Error);
        Assert.Equal(2, empty.ExitCode);
        Assert.Contains("empty.csv' is empty", empty.Error);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("column 'missing' exists (the file has: a, b)", missing.Out);
        Assert.False(Directory.Exists(temp.Combine("out")));
        Assert.False(File.Exists(temp.Combine("p.json")));
        Assert.Empty(Directory.GetFileSystemEntries(temp.Path, ".*"));
    }

    [Fact]
    public void Split_then_leakage_is_clean_and_a_copied_row_is_caught()
    {
        using var temp = new TempFolder();
        File.Copy(Fixture("seattle-weather.csv"), temp.Combine("weather.csv"));

        var split = CliRunner.Run(temp.Path, "data", "split", "weather.csv", "--seed", "42", "--by", "date", "-o", "parts");
        var clean = CliRunner.Run(temp.Path, "data", "leakage", "parts/train.csv", "parts/test.csv");
        File.AppendAllLines(temp.Combine("parts", "test.csv"), [File.ReadAllLines(temp.Combine("parts", "train.csv"))[5]]);
        var leaked = CliRunner.Run(temp.Path, "data", "leakage", "parts/train.csv", "parts/test.csv", "--json");

        Assert.Equal(0, split.ExitCode);
        Assert.Contains("train", split.Out);
        Assert.Equal(0, clean.ExitCode);
        Assert.Equal(1, leaked.ExitCode);
        Assert.Contains("\"exact_duplicates\": {\n    \"count\": 1", leaked.Out.Replace("\r", "", StringComparison.Ordinal));
    }

    [Fact]
    public void A_semicolon_file_is_profiled_by_its_columns_and_a_forced_comma_warns()
    {
        using var temp = new TempFolder();
        temp.WriteFile("data.csv", "id;val;name\n1;2;a\n2;3;b\n3;4;c\n");

        var detected = CliRunner.Run(temp.Path, "data", "profile", "data.csv", "--json");
        var forced = CliRunner.Run(temp.Path, "data", "profile", "data.csv", "--delimiter", ",", "--json");

        Assert.Equal(0, detected.ExitCode);
        Assert.Contains("with ';' as the delimiter (detected", detected.Error);
        Assert.Contains("\"name\": \"val\"", detected.Out);
        Assert.Contains("reads as one column named 'id;val;name'", forced.Error);
        Assert.Contains("--delimiter ';'", forced.Error);
    }

    [Fact]
    public void Schema_infer_with_na_values_keeps_None_as_a_category_through_validate()
    {
        using var temp = new TempFolder();
        File.Copy(Fixture("strikes.csv"), temp.Combine("strikes.csv"));

        var infer = CliRunner.Run(temp.Path, "data", "schema", "infer", "strikes.csv", "--na-values", "", "-o", "schema.yaml");
        var valid = CliRunner.Run(temp.Path, "data", "validate", "strikes.csv", "--schema", "schema.yaml");
        var schema = File.ReadAllText(temp.Combine("schema.yaml"));

        Assert.Equal(0, infer.ExitCode);
        Assert.Contains("na_values: ['']", schema);
        Assert.Contains("'None'", schema);
        Assert.Equal(0, valid.ExitCode);
    }
}
