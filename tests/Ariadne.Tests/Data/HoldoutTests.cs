using Ariadne.Data.Holdout;
using Ariadne.Data.Profiling;
using Ariadne.Data.Splitting;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Data;

public sealed class HoldoutTests
{
    private static async Task<string> SplitInWorkspace(TempFolder temp, int budget)
    {
        Assert.Equal(0, CliRunner.Run(temp.Path, "init").ExitCode);
        var rows = string.Join("\n", Enumerable.Range(0, 200).Select(i => $"{i},{i % 2}"));
        var data = temp.WriteFile("data.csv", "id,label\n" + rows + "\n");
        await DataSplitter.SplitAsync(data, temp.Combine("split"), new SplitOptions { Seed = 11, By = "id", SealedBudget = budget });
        return temp.Combine("split", "split.json");
    }

    [Fact]
    public async Task Reads_are_recorded_on_the_ledger_and_the_run_and_the_budget_holds()
    {
        using var temp = new TempFolder();
        var manifest = await SplitInWorkspace(temp, budget: 2);
        await using var tracking = TrackingClient.Open(folder: temp.Path);
        await using var run = await tracking.StartRunAsync("eval", "final");
        var set = SealedTestSet.Open(manifest, tracking);

        var first = await set.ReadAsync("resnet-3", "accuracy", run);
        await set.ReadAsync("resnet-4", "accuracy", run);
        var refused = await Assert.ThrowsAsync<AriadneException>(() => set.ReadAsync("resnet-5", "f1", run));
        var over = await set.ReadAsync("resnet-5", "f1", run, overrideReason: "final report for the paper, agreed with co-authors");
        await run.EndAsync();

        Assert.Equal(ErrorCode.HoldoutBudgetExceeded, refused.Code);
        Assert.Contains("budget of 2", refused.Message);
        Assert.EndsWith("test.csv", first.Path);
        Assert.Equal(3, over.Reads);
        Assert.Equal(3, await set.CountReadsAsync());
        var accesses = await set.ListReadsAsync();
        Assert.Equal(["resnet-3", "resnet-4", "resnet-5"], accesses.Select(a => a.Model));
        Assert.Equal("final report for the paper, agreed with co-authors", accesses[2].OverrideReason);
        Assert.All(accesses, a => Assert.Equal(run.RunId, a.RunId));
        var stored = await tracking.Store.GetRunAsync(run.RunId, CancellationToken.None);
        Assert.Equal("3", stored.Tags.Single(t => t.Key == "holdout.test.reads").Value);
        Assert.Contains(stored.Tags, t => t.Key.StartsWith("holdout.test.read.", StringComparison.Ordinal) && t.Value.Contains("override=final report", StringComparison.Ordinal));
        Assert.Contains(stored.Inputs, i => i.Role == "test (sealed)");
    }

    [Fact]
    public async Task Processes_racing_for_the_budget_get_exactly_the_budget()
    {
        using var temp = new TempFolder();
        var manifest = await SplitInWorkspace(temp, budget: 3);
        var processes = Enumerable.Range(0, 8)
            .Select(i => System.Diagnostics.Process.Start(CliRunner.ProcessStart(temp.Path, "holdout", "read", manifest, "--model", $"m{i}", "--metric", "auc"))!)
            .ToList();
        var codes = new List<int>();
        foreach (var p in processes)
        {
            await p.StandardOutput.ReadToEndAsync();
            await p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync();
            codes.Add(p.ExitCode);
            p.Dispose();
        }

        Assert.Equal(3, codes.Count(c => c == 0));
        Assert.Equal(5, codes.Count(c => c == 1));
        var status = CliRunner.Run(temp.Path, "holdout", "status", "--json");
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("\"reads\": 3", status.Out);
        Assert.Contains("\"left\": 0", status.Out);
    }

    [Fact]
    public async Task An_old_workspace_ledger_is_imported_once_so_its_reads_still_count()
    {
        using var temp = new TempFolder();
        var manifest = await SplitInWorkspace(temp, budget: 2);
        var hash = Ariadne.Data.Splitting.SplitManifest.Read(manifest).Part("test").Blake3;
        var legacy = temp.Combine(".ariadne", "holdout.db");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={legacy};Pooling=False"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = $"""
                CREATE TABLE holdout_access (id INTEGER PRIMARY KEY AUTOINCREMENT, part_blake3 TEXT NOT NULL, part TEXT NOT NULL, manifest TEXT NOT NULL,
                    run_id TEXT, model TEXT NOT NULL, metric TEXT NOT NULL, time_ms INTEGER NOT NULL, budget INTEGER NOT NULL, override_reason TEXT);
                INSERT INTO holdout_access (part_blake3, part, manifest, run_id, model, metric, time_ms, budget, override_reason)
                VALUES ('{hash}', 'test', '{manifest}', NULL, 'old-1', 'acc', 1000, 2, NULL), ('{hash}', 'test', '{manifest}', NULL, 'old-2', 'acc', 2000, 2, NULL);
                """;
            create.ExecuteNonQuery();
        }

        await using (var first = TrackingClient.Open(folder: temp.Path))
        {
            var set = SealedTestSet.Open(manifest, first);
            Assert.Equal(["old-1", "old-2"], (await set.ListReadsAsync()).Select(a => a.Model));
            var refused = await Assert.ThrowsAsync<AriadneException>(() => set.ReadAsync("new", "acc"));
            Assert.Equal(ErrorCode.HoldoutBudgetExceeded, refused.Code);
        }

        await using var again = TrackingClient.Open(folder: temp.Path);
        Assert.Equal(2, await SealedTestSet.Open(manifest, again).CountReadsAsync());
        Assert.False(File.Exists(legacy));
        Assert.True(File.Exists(legacy + ".imported"));
    }

    [Fact]
    public void Thresholdout_answers_from_training_unless_the_holdout_disagrees_and_only_that_spends_budget()
    {
        var holdout = new ReusableHoldout(threshold: 0.04, sigma: 0.001, budget: 3, seed: 1);

        var close = holdout.Query(0.80, 0.805);
        Assert.False(close.FromHoldout);
        Assert.Equal(0.80, close.Value);
        Assert.Equal(3, holdout.Remaining);

        var overfit = holdout.Query(0.99, 0.70);
        Assert.True(overfit.FromHoldout);
        Assert.InRange(overfit.Value, 0.60, 0.80);
        Assert.Equal(2, holdout.Remaining);

        holdout.Query(0.99, 0.60);
        holdout.Query(0.99, 0.60);
        Assert.Equal(0, holdout.Remaining);
        var error = Assert.Throws<AriadneException>(() => holdout.Query(0.5, 0.5));
        Assert.Equal(ErrorCode.HoldoutBudgetExceeded, error.Code);
        Assert.Equal(4, holdout.Queries);
    }

    [Fact]
    public void Thresholdout_with_the_same_seed_gives_the_same_answers()
    {
        var a = new ReusableHoldout(0.02, 0.01, 50, seed: 9);
        var b = new ReusableHoldout(0.02, 0.01, 50, seed: 9);
        for (var i = 0; i < 30; i++)
        {
            var train = 0.7 + (i * 0.01);
            Assert.Equal(a.Query(train, 0.72), b.Query(train, 0.72));
        }
    }
}

public sealed class ProfileArtifactTests
{
    [Fact]
    public async Task A_profile_is_stored_as_an_artifact_of_the_run_that_made_it()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, CliRunner.Run(temp.Path, "init").ExitCode);
        var data = temp.WriteFile("data.csv", "x,y\n1,a\n2,b\n3,a\n");
        await using var tracking = TrackingClient.Open(folder: temp.Path);
        await using var run = await tracking.StartRunAsync("profiling", "p");

        await run.LogProfileAsync(await Ariadne.Data.Profiling.DataProfiler.ProfileAsync(data));
        await run.EndAsync();

        var artifacts = await tracking.Store.ListArtifactsAsync(run.RunId, CancellationToken.None);
        Assert.Contains(artifacts, a => a.Path == "profiles/data.profile.json");
    }

    [Fact]
    public async Task The_run_that_made_a_split_records_its_source_as_its_only_input()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, CliRunner.Run(temp.Path, "init").ExitCode);
        temp.WriteFile("data.csv", "id,x\n" + string.Join("\n", Enumerable.Range(0, 100).Select(i => $"{i},{i * 2}")) + "\n");

        var result = CliRunner.RunProcess(temp.Path, "run", "--name", "splitting", "--", "dotnet", Path.Combine(AppContext.BaseDirectory, "ariadne.dll"), "data", "split", "data.csv", "--by", "id", "--seed", "2", "-o", "split");

        Assert.True(result.ExitCode == 0, result.Error + result.Out);
        await using var tracking = TrackingClient.Open(folder: temp.Path);
        var manifest = SplitManifest.Read(temp.Combine("split"));
        var runs = await tracking.Store.SearchRunsAsync(new RunSearch(["0"]), CancellationToken.None);
        var inputs = runs.Runs.SelectMany(r => r.Inputs).ToList();
        Assert.Contains(inputs, i => i.Role == "source" && i.DatasetHash == manifest.SourceBlake3);
        Assert.DoesNotContain(inputs, i => manifest.Parts.Any(p => p.Blake3 == i.DatasetHash)); // the parts were written, not read
        Assert.Contains(runs.Runs.SelectMany(r => r.Params), p => p.Key == "split.seed" && p.Value == "2");
    }

    [Fact]
    public async Task A_run_records_a_split_as_its_inputs_without_the_sealed_part()
    {
        using var temp = new TempFolder();
        Assert.Equal(0, CliRunner.Run(temp.Path, "init").ExitCode);
        var data = temp.WriteFile("data.csv", "id,x\n" + string.Join("\n", Enumerable.Range(0, 100).Select(i => $"{i},{i * 2}")) + "\n");
        var manifest = await DataSplitter.SplitAsync(data, temp.Combine("split"), new SplitOptions { Seed = 2, By = "id" });
        await using var tracking = TrackingClient.Open(folder: temp.Path);
        await using var run = await tracking.StartRunAsync("training", "t");

        await run.LogSplitAsync(SplitManifest.Read(temp.Combine("split")));
        await run.EndAsync();

        var stored = await tracking.Store.GetRunAsync(run.RunId, CancellationToken.None);
        Assert.Equal(["source", "train", "validation"], stored.Inputs.Select(i => i.Role).Order(StringComparer.Ordinal));
        Assert.Contains(stored.Inputs, i => i.Role == "train" && i.DatasetHash == manifest.Part("train").Blake3);
        Assert.Contains(stored.Params, p => p.Key == "split.seed" && p.Value == "2");
    }
}
