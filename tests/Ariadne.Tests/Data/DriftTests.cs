using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Ariadne.Data.Drift;
using Ariadne.Data.Profiling;
using Ariadne.Tests.Support;

namespace Ariadne.Tests.Data;

public sealed class DriftTests
{
    private static ColumnDistribution Numbers(double[] values) => ColumnDistribution.Numeric("x", [.. values.Order()]);

    private static ColumnDistribution Categories(IEnumerable<string> values) =>
        ColumnDistribution.Categorical("c", values.GroupBy(v => v).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal));

    private static string[] Labels(int seed, int count, double shift)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => random.NextDouble() + shift switch { _ => shift } is var u && u < 0.5 ? "a" : u < 0.8 ? "b" : u < 1.1 ? "c" : "d")];
    }

    [Fact]
    [Trait("Service", "Python")]
    public void Column_statistics_match_scipy_with_evidently_binning()
    {
        var numericRef = StatisticsTests.Normal(31, 3000);
        var numericCur = StatisticsTests.Normal(32, 2500, 0.3, 1.2);
        var fewRef = StatisticsTests.Normal(33, 2000, roundTo: 0).Select(v => Math.Clamp(v, -2, 2)).ToArray();
        var fewCur = StatisticsTests.Normal(34, 1500, 0.4, roundTo: 0).Select(v => Math.Clamp(v, -2, 2)).ToArray();
        var labelsRef = Labels(35, 2000, 0);
        var labelsCur = Labels(36, 1800, 0.15);
        var cases = new List<(JsonObject Case, Func<double> Actual)>
        {
            (Case("wasserstein", numericRef, numericCur), () => DriftDetector.Run(Numbers(numericRef), Numbers(numericCur), DriftTest.Wasserstein, 0.1).Statistic),
            (Case("jensenshannon", numericRef, numericCur), () => DriftDetector.Run(Numbers(numericRef), Numbers(numericCur), DriftTest.JensenShannon, 0.1).Statistic),
            (Case("psi", numericRef, numericCur), () => DriftDetector.Run(Numbers(numericRef), Numbers(numericCur), DriftTest.Psi, 0.1).Statistic),
            (Case("jensenshannon", fewRef, fewCur), () => DriftDetector.Run(Numbers(fewRef), Numbers(fewCur), DriftTest.JensenShannon, 0.1).Statistic),
            (Case("psi", fewRef, fewCur), () => DriftDetector.Run(Numbers(fewRef), Numbers(fewCur), DriftTest.Psi, 0.1).Statistic),
            (Case("jensenshannon", labelsRef, labelsCur), () => DriftDetector.Run(Categories(labelsRef), Categories(labelsCur), DriftTest.JensenShannon, 0.1).Statistic),
            (Case("psi", labelsRef, labelsCur), () => DriftDetector.Run(Categories(labelsRef), Categories(labelsCur), DriftTest.Psi, 0.1).Statistic),
        };
        var expected = ScipyReference.Compute(new JsonObject { ["drift"] = new JsonArray([.. cases.Select(c => (JsonNode)c.Case)]) })["drift"]!.AsArray();
        for (var i = 0; i < cases.Count; i++)
        {
            var scipy = expected[i]!.GetValue<double>();
            var actual = cases[i].Actual();
            Assert.True(Math.Abs(scipy - actual) <= 1e-6 * Math.Max(1, Math.Abs(scipy)), $"case {i} ({cases[i].Case["test"]}): scipy {scipy:R}, ariadne {actual:R}");
        }
    }

    private static JsonObject Case(string test, double[] reference, double[] current) => new()
    {
        ["test"] = test, ["numeric"] = true, ["reference"] = ScipyReference.Array(reference), ["current"] = ScipyReference.Array(current),
    };

    private static JsonObject Case(string test, string[] reference, string[] current) => new()
    {
        ["test"] = test, ["numeric"] = false,
        ["reference"] = new JsonArray([.. reference.Select(v => (JsonNode)JsonValue.Create(v)!)]),
        ["current"] = new JsonArray([.. current.Select(v => (JsonNode)JsonValue.Create(v)!)]),
    };

    [Fact]
    public void Tests_are_chosen_as_evidently_chooses_them()
    {
        Assert.Equal(DriftTest.KolmogorovSmirnov, DriftDetector.Choose(Numbers(StatisticsTests.Normal(1, 500)), Numbers(StatisticsTests.Normal(2, 500))));
        Assert.Equal(DriftTest.Wasserstein, DriftDetector.Choose(Numbers(StatisticsTests.Normal(1, 1001)), Numbers(StatisticsTests.Normal(2, 50))));
        Assert.Equal(DriftTest.ChiSquared, DriftDetector.Choose(Numbers([1, 2, 3, 1, 2]), Numbers([1, 2, 3])));
        Assert.Equal(DriftTest.ZTest, DriftDetector.Choose(Categories(["a", "b", "a"]), Categories(["a", "b"])));
        Assert.Equal(DriftTest.ChiSquared, DriftDetector.Choose(Categories(["a", "b", "c"]), Categories(["a"])));
        Assert.Equal(DriftTest.JensenShannon, DriftDetector.Choose(Categories(Labels(1, 1500, 0)), Categories(["a"])));
        Assert.Equal(DriftTest.JensenShannon, DriftDetector.Choose(Numbers([.. Enumerable.Range(0, 2000).Select(i => (double)(i % 3))]), Numbers([1, 2])));
    }

    [Fact]
    public async Task Drift_between_files_flags_the_shifted_column_and_the_dataset_by_share()
    {
        using var temp = new TempFolder();
        var reference = WriteCsv(temp, "reference.csv", StatisticsTests.Normal(41, 800), StatisticsTests.Normal(42, 800), Labels(43, 800, 0));
        var current = WriteCsv(temp, "current.csv", StatisticsTests.Normal(44, 700, 1.0), StatisticsTests.Normal(45, 700), Labels(46, 700, 0));

        var report = await DriftDetector.CompareAsync(reference, current);

        Assert.Equal(3, report.Columns.Count);
        var shifted = report.Columns.Single(c => c.Column == "shifted");
        Assert.Equal(DriftTest.KolmogorovSmirnov, shifted.Test);
        Assert.True(shifted.Drifted);
        Assert.False(report.Columns.Single(c => c.Column == "stable").Drifted);
        Assert.Equal(DriftTest.ChiSquared, report.Columns.Single(c => c.Column == "label").Test);
        Assert.False(report.DatasetDrift); // 1 of 3 < 0.5
        var strict = await DriftDetector.CompareAsync(reference, current, new DriftOptions { DriftShare = 0.3 });
        Assert.True(strict.DatasetDrift);
    }

    [Fact]
    public async Task A_profile_serves_as_the_reference_with_the_same_results_as_the_data()
    {
        using var temp = new TempFolder();
        var reference = WriteCsv(temp, "reference.csv", StatisticsTests.Normal(51, 1500, roundTo: 2), StatisticsTests.Normal(52, 900), Labels(53, 1500, 0));
        var current = WriteCsv(temp, "current.csv", StatisticsTests.Normal(54, 1200, 0.5, roundTo: 2), StatisticsTests.Normal(55, 1200), Labels(56, 1200, 0.2));
        var profile = await DataProfiler.ProfileAsync(reference);
        var profilePath = temp.WriteBytes("profile.json", ProfileFile.ToBytes(profile));

        var fromData = await DriftDetector.CompareAsync(reference, current);
        var fromProfile = await DriftDetector.CompareAsync(profilePath, current);

        Assert.Equal(fromData.Columns.Select(c => (c.Column, c.Test, c.Drifted)), fromProfile.Columns.Select(c => (c.Column, c.Test, c.Drifted)));
        for (var i = 0; i < fromData.Columns.Count; i++)
        {
            Assert.Equal(fromData.Columns[i].Statistic, fromProfile.Columns[i].Statistic, 12);
        }
    }

    [Fact]
    public async Task Text_in_a_numeric_column_names_file_row_and_column()
    {
        using var temp = new TempFolder();
        var reference = temp.WriteFile("reference.csv", "x\n1\n2\n3\n");
        var current = temp.WriteFile("current.csv", "x\n1\n2\noops\n");

        var error = await Assert.ThrowsAsync<AriadneException>(() => DriftDetector.CompareAsync(reference, current));

        Assert.Contains("current.csv", error.Message);
        Assert.Contains("row 3", error.Message);
        Assert.Contains("column 'x'", error.Message);
        Assert.Contains("oops", error.Message);
    }

    [Fact]
    [Trait("Service", "Python")]
    public async Task Ks_against_a_profile_agrees_with_scipy_on_the_raw_data_across_sizes()
    {
        using var temp = new TempFolder();
        var cases = new List<(double[] Reference, double[] Current, ColumnDrift Drift)>();
        foreach (var (size, shift, seed) in new[] { (12_000, 0.0, 61), (12_000, 0.1, 62), (30_000, 0.03, 63), (30_000, 0.12, 64), (60_000, 0.0, 65), (60_000, 0.08, 66) })
        {
            var reference = StatisticsTests.Normal(seed, size);
            var current = StatisticsTests.Normal(seed + 100, 5000, shift);
            var referencePath = WriteColumn(temp, $"reference-{seed}.csv", reference);
            var profile = temp.WriteBytes($"reference-{seed}.profile.json", ProfileFile.ToBytes(await DataProfiler.ProfileAsync(referencePath)));

            var report = await DriftDetector.CompareAsync(profile, WriteColumn(temp, $"current-{seed}.csv", current), new DriftOptions { Test = DriftTest.KolmogorovSmirnov });

            cases.Add((reference, current, Assert.Single(report.Columns)));
        }

        var scipy = ScipyReference.Compute(new JsonObject
        {
            ["ks"] = new JsonArray([.. cases.Select(c => (JsonNode)new JsonObject { ["a"] = ScipyReference.Array(c.Reference), ["b"] = ScipyReference.Array(c.Current) })]),
        })["ks"]!.AsArray();
        for (var i = 0; i < cases.Count; i++)
        {
            var (reference, _, drift) = cases[i];
            var (d, p) = (scipy[i]![0]!.GetValue<double>(), scipy[i]![1]!.GetValue<double>());
            var where = $"case {i}: {reference.Length} reference values, scipy D {d:R} p {p:R}, profile D {drift.Statistic:R} p {drift.PValue:R}";
            Assert.False(drift.Exact, where);
            Assert.Equal(reference.Length, drift.ReferenceCount);
            Assert.Equal(p < 0.05, drift.Drifted);
            Assert.True(Math.Abs(d - drift.Statistic) <= 0.002, where);
            Assert.True(p > 0.01 ? Math.Abs(p - drift.PValue) <= 0.1 : Math.Abs(Math.Log10(p) - Math.Log10(drift.PValue)) <= 0.5, where);
        }
    }

    [Fact]
    public void An_infinite_statistic_is_null_in_json_with_a_flag()
    {
        var result = DriftDetector.Run(Categories(["a", "a", "b", "b"]), Categories(["a", "b", "c"]), DriftTest.ChiSquared, 0.05);
        var report = new DriftReport("/data/reference.csv", "/data/current.csv", [result], 0.5, []);
        using var buffer = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            DriftReportFile.WriteJson(report, writer);
        }

        var column = JsonNode.Parse(buffer.ToArray())!["results"]![0]!;

        Assert.True(double.IsPositiveInfinity(result.Statistic));
        Assert.Null(column["statistic"]);
        Assert.True(column["statistic_infinite"]!.GetValue<bool>());
        Assert.True(column["drifted"]!.GetValue<bool>());
    }

    [Fact]
    public void A_header_only_file_is_bad_input_not_an_absence_of_drift()
    {
        using var temp = new TempFolder();
        temp.WriteFile("reference.csv", "x,y\n1,a\n2,b\n3,c\n");
        temp.WriteFile("header.csv", "x,y\n");

        var drift = CliRunner.Run(temp.Path, "data", "drift", "reference.csv", "header.csv");

        Assert.Equal(2, drift.ExitCode);
        Assert.Contains("header.csv', rows: there are no data rows", drift.Error);
        Assert.DoesNotContain("No dataset drift", drift.Out);
    }

    [Fact]
    public void Column_advice_names_options_that_work()
    {
        using var temp = new TempFolder();
        temp.WriteFile("reference.csv", "x,y\n1,a\n2,b\n3,c\n4,a\n");
        temp.WriteFile("current.csv", "x,y\n1,a\n2,b\noops,c\n4,a\n");

        var advice = CliRunner.Run(temp.Path, "data", "drift", "reference.csv", "current.csv");
        var asTest = CliRunner.Run(temp.Path, "data", "drift", "reference.csv", "current.csv", "--test", "x=chisquare");
        var asColumnTest = CliRunner.Run(temp.Path, "data", "drift", "reference.csv", "current.csv", "--column-test", "x=chisquare", "--json");
        var missing = CliRunner.Run(temp.Path, "data", "drift", "reference.csv", "current.csv", "--columns", "nosuch");

        Assert.Equal(2, advice.ExitCode);
        Assert.Contains("--column-test x=chisquare", advice.Error);
        Assert.Equal(2, asTest.ExitCode);
        Assert.Contains("for one column use --column-test x=chisquare", asTest.Error);
        Assert.True(asColumnTest.ExitCode is 0 or 1, asColumnTest.Error);
        Assert.Contains("\"test\": \"chisquare\"", asColumnTest.Out);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no column 'nosuch'. Its columns: x, y.", missing.Error);
    }

    private static string WriteColumn(TempFolder temp, string name, double[] values) =>
        temp.WriteFile(name, "x\n" + string.Concat(values.Select(v => v.ToString("R", CultureInfo.InvariantCulture) + "\n")));

    internal static string WriteCsv(TempFolder temp, string name, double[] shifted, double[] stable, string[] labels)
    {
        var text = new StringBuilder("shifted,stable,label\n");
        var rows = Math.Max(shifted.Length, Math.Max(stable.Length, labels.Length));
        for (var i = 0; i < rows; i++)
        {
            text.Append(i < shifted.Length ? shifted[i].ToString("R", CultureInfo.InvariantCulture) : "").Append(',')
                .Append(i < stable.Length ? stable[i].ToString("R", CultureInfo.InvariantCulture) : "").Append(',')
                .Append(i < labels.Length ? labels[i] : "").Append('\n');
        }

        return temp.WriteFile(name, text.ToString());
    }
}
