using System.Text;
using Ariadne.Data.Splitting;
using Ariadne.Tests.Support;

namespace Ariadne.Tests.Data;

public sealed class SplitTests
{
    private static string WriteRows(TempFolder temp, string name, int from, int to)
    {
        var text = new StringBuilder("id,patient,label,value\n");
        for (var i = from; i < to; i++)
        {
            text.Append(i).Append(",p").Append(i / 7).Append(',').Append(i % 10 == 0 ? "rare" : i % 3 == 0 ? "b" : "a").Append(',').Append(i * 0.5).Append('\n');
        }

        return temp.WriteFile(name, text.ToString());
    }

    private static Dictionary<string, string> Assignments(SplitManifest manifest)
    {
        var lines = File.ReadAllLines(Path.Combine(manifest.Folder, manifest.Assignments)).Skip(1);
        return lines.Select(l => l.Split(',')).ToDictionary(p => p[1], p => p[2]);
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_parts_and_bytes()
    {
        using var temp = new TempFolder();
        var data = WriteRows(temp, "data.csv", 0, 2000);
        var options = new SplitOptions { Seed = 7, By = "id" };

        var first = await DataSplitter.SplitAsync(data, temp.Combine("a"), options);
        var second = await DataSplitter.SplitAsync(data, temp.Combine("b"), options);
        var other = await DataSplitter.SplitAsync(data, temp.Combine("c"), options with { Seed = 8 });

        Assert.Equal(first.Parts.Select(p => p.Blake3), second.Parts.Select(p => p.Blake3));
        Assert.NotEqual(first.Parts.Select(p => p.Blake3), other.Parts.Select(p => p.Blake3));
        Assert.Equal(2000, first.Parts.Sum(p => p.Rows));
        Assert.InRange(first.Part("train").Rows, 1500, 1700);
        Assert.True(first.Part("test").Sealed);
        Assert.Equal(1, first.Part("test").Budget);
        Assert.Equal(7, first.Seed);
    }

    [Fact]
    public async Task Rows_keep_their_part_when_the_data_grows()
    {
        using var temp = new TempFolder();
        var small = await DataSplitter.SplitAsync(WriteRows(temp, "v1.csv", 0, 1000), temp.Combine("v1"), new SplitOptions { Seed = 3, By = "id" });
        var large = await DataSplitter.SplitAsync(WriteRows(temp, "v2.csv", 0, 3000), temp.Combine("v2"), new SplitOptions { Seed = 3, By = "id" });

        var before = Assignments(small);
        var after = Assignments(large);

        Assert.All(before, pair => Assert.Equal(pair.Value, after[pair.Key]));
    }

    [Fact]
    public async Task Groups_never_cross_parts()
    {
        using var temp = new TempFolder();
        var manifest = await DataSplitter.SplitAsync(WriteRows(temp, "data.csv", 0, 3000), temp.Combine("out"), new SplitOptions { Seed = 1, By = "id", Group = "patient" });

        var partsPerPatient = manifest.Parts
            .SelectMany(p => File.ReadAllLines(manifest.PartPath(p)).Skip(1).Select(l => (Patient: l.Split(',')[1], p.Name)))
            .GroupBy(x => x.Patient).Select(g => g.Select(x => x.Name).Distinct().Count());

        Assert.All(partsPerPatient, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task Stratification_keeps_class_shares_to_one_row()
    {
        using var temp = new TempFolder();
        var manifest = await DataSplitter.SplitAsync(WriteRows(temp, "data.csv", 0, 1000), temp.Combine("out"), new SplitOptions { Seed = 5, By = "id", Stratify = "label" });

        foreach (var part in manifest.Parts)
        {
            var labels = File.ReadAllLines(manifest.PartPath(part)).Skip(1).Select(l => l.Split(',')[2]).ToList();
            var ratio = part.Name == "train" ? 0.8 : 0.1;
            Assert.InRange(labels.Count(l => l == "rare"), (int)(100 * ratio) - 1, (int)(100 * ratio) + 1);
            Assert.InRange(labels.Count(l => l == "b"), (int)Math.Floor(300 * ratio) - 1, (int)Math.Ceiling(300 * ratio) + 1);
        }
    }

    [Fact]
    public async Task A_missing_column_or_bad_ratios_leave_no_output()
    {
        using var temp = new TempFolder();
        var data = WriteRows(temp, "data.csv", 0, 10);

        var missing = await Assert.ThrowsAsync<AriadneException>(() => DataSplitter.SplitAsync(data, temp.Combine("out"), new SplitOptions { By = "nope" }));
        var ratios = await Assert.ThrowsAsync<AriadneException>(() => DataSplitter.SplitAsync(data, temp.Combine("out"), new SplitOptions { Ratios = [0.5, 0.2, 0.2] }));

        Assert.Contains("no column 'nope'", missing.Message);
        Assert.Contains("add up to 1", ratios.Message);
        Assert.False(Directory.Exists(temp.Combine("out")));
        Assert.Equal(["data.csv"], Directory.GetFileSystemEntries(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_missing_row_id_fails_without_partial_output()
    {
        using var temp = new TempFolder();
        var data = temp.WriteFile("data.csv", "id,x\n1,a\n,b\n3,c\n");

        var error = await Assert.ThrowsAsync<AriadneException>(() => DataSplitter.SplitAsync(data, temp.Combine("out"), new SplitOptions { By = "id" }));

        Assert.Contains("row 2, column 'id'", error.Message);
        Assert.Equal(["data.csv"], Directory.GetFileSystemEntries(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task An_existing_folder_that_is_not_a_split_is_never_replaced()
    {
        using var temp = new TempFolder();
        var data = WriteRows(temp, "data.csv", 0, 50);
        temp.WriteFile("mine/notes.txt", "keep me");

        var error = await Assert.ThrowsAsync<AriadneException>(() => DataSplitter.SplitAsync(data, temp.Combine("mine"), new SplitOptions { By = "id" }));
        await DataSplitter.SplitAsync(data, temp.Combine("parts"), new SplitOptions { By = "id" });
        await DataSplitter.SplitAsync(data, temp.Combine("parts"), new SplitOptions { By = "id", Seed = 9 });

        Assert.Contains("not an earlier output", error.Message);
        Assert.Equal("keep me", File.ReadAllText(temp.Combine("mine", "notes.txt")));
        Assert.Equal(9, SplitManifest.Read(temp.Combine("parts")).Seed);
    }

    [Fact]
    public async Task A_non_unique_id_column_is_named_in_a_warning()
    {
        using var temp = new TempFolder();
        var data = temp.WriteFile("data.csv", "id,x\n1,a\n2,b\n2,c\n3,d\n2,e\n");

        var manifest = await DataSplitter.SplitAsync(data, temp.Combine("out"), new SplitOptions { Seed = 1, By = "id" });

        var warning = Assert.Single(manifest.Warnings, w => w.StartsWith("--by", StringComparison.Ordinal));
        Assert.Contains("--by 'id' is not unique", warning);
        Assert.Contains("'2' names 3 rows", warning);
        Assert.Contains("--group id", warning);
        Assert.Contains("is not unique", File.ReadAllText(temp.Combine("out", SplitManifest.FileName)));
    }

    [Fact]
    public async Task A_class_too_small_for_every_part_is_named_in_a_warning()
    {
        using var temp = new TempFolder();
        var text = new StringBuilder("id,label\n");
        for (var i = 0; i < 100; i++)
        {
            text.Append(i).Append(",common\n");
        }

        text.Append("100,rare\n101,rare\n");
        var data = temp.WriteFile("data.csv", text.ToString());

        var manifest = await DataSplitter.SplitAsync(data, temp.Combine("out"), new SplitOptions { Seed = 1, By = "id", Stratify = "label" });

        var warning = Assert.Single(manifest.Warnings);
        Assert.Contains("class 'rare' has only 2 row(s) (2 in train); validation and test get none of it", warning);
    }

    [Fact]
    public async Task Two_clones_of_a_project_write_the_same_split_manifest()
    {
        using var temp = new TempFolder();
        var first = temp.Combine("alice", "project");
        var second = temp.Combine("bob", "elsewhere", "project");
        foreach (var root in new[] { first, second })
        {
            Directory.CreateDirectory(Path.Combine(root, ".ariadne"));
            Directory.CreateDirectory(Path.Combine(root, "data"));
            File.Copy(WriteRows(temp, Path.GetRandomFileName() + ".csv", 0, 200), Path.Combine(root, "data", "rows.csv"));
        }

        await DataSplitter.SplitAsync(Path.Combine(first, "data", "rows.csv"), Path.Combine(first, "data", "split"), new SplitOptions { Seed = 4, By = "id" }, new FixedTime(2020));
        await DataSplitter.SplitAsync(Path.Combine(second, "data", "rows.csv"), Path.Combine(second, "data", "split"), new SplitOptions { Seed = 4, By = "id" }, new FixedTime(2031));

        var a = File.ReadAllText(Path.Combine(first, "data", "split", SplitManifest.FileName));
        var b = File.ReadAllText(Path.Combine(second, "data", "split", SplitManifest.FileName));
        Assert.Equal(a, b);
        Assert.Contains("\"path\": \"data/rows.csv\"", a);
        Assert.DoesNotContain(temp.Path, a);
        Assert.DoesNotContain("created", a);
    }

    [Fact]
    public void The_default_sealed_test_part_warns_when_no_part_is_named_test()
    {
        using var temp = new TempFolder();
        WriteRows(temp, "data.csv", 0, 50);

        var unnamed = CliRunner.Run(temp.Path, "data", "split", "data.csv", "--seed", "1", "--names", "train,holdout", "--ratios", "0.8,0.2", "-o", "a");
        var named = CliRunner.Run(temp.Path, "data", "split", "data.csv", "--seed", "1", "--names", "train,holdout", "--ratios", "0.8,0.2", "--sealed", "test", "-o", "b");

        Assert.True(unnamed.ExitCode == 0, unnamed.Error);
        Assert.Contains("no part is named 'test'", unnamed.Error);
        Assert.Contains("--sealed NAME", unnamed.Error);
        Assert.Equal(2, named.ExitCode);
        Assert.Contains("The sealed part 'test' is not one of the parts", named.Error);
    }

    [Fact]
    public void A_part_that_gets_no_rows_is_named_in_a_warning_and_a_sealed_one_says_its_score_means_nothing()
    {
        using var temp = new TempFolder();
        WriteRows(temp, "data.csv", 0, 3);

        var split = CliRunner.Run(temp.Path, "data", "split", "data.csv", "--seed", "1", "--ratios", "0.98,0.01,0.01", "-o", "p");

        Assert.True(split.ExitCode == 0, split.Error);
        Assert.Contains("Part 'test' got no rows of 3", split.Error);
        Assert.Contains("the sealed test set is empty", split.Error);
        Assert.Contains("Part 'test' got no rows", File.ReadAllText(Path.Combine(temp.Path, "p", "split.json")));
    }

    private sealed class FixedTime(int year) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(year, 1, 2, 3, 4, 5, TimeSpan.Zero);
    }
}
