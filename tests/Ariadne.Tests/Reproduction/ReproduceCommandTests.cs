using System.Text.Json;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Reproduction;

/// <summary>
/// 'ariadne reproduce' on runs made with 'ariadne run -- python3 ...' in a real git repository: the command runs again
/// in a worktree at the recorded commit with the recorded diff, its input restored by hash; and every refusal (commit
/// gone, inputs nowhere, a dirty target folder) says what is wrong and leaves the workspace as it was.
/// </summary>
[Collection(ReproduceCommandTests.EnvironmentVariables)] // sets OMP_NUM_THREADS for a run, which EnvironmentCommandTests compares: never at once
public sealed class ReproduceCommandTests : IDisposable
{
    // Reads its input, draws with a seed from the command line, and writes a metrics file; PID in 'noise' only when asked.
    /// <summary>The xUnit collection of tests that set process-wide environment variables that runs record.</summary>
    public const string EnvironmentVariables = "Recorded environment variables";

    private const string Script = """
        import json, os, random, sys, time
        random.seed(int(sys.argv[1]))
        numbers = [int(line) for line in open("data/numbers.txt")]
        mean = sum(random.choice(numbers) for _ in range(1000)) / 1000
        metrics = {"mean": mean, "rows": len(numbers), "threads": int(os.environ.get("OMP_NUM_THREADS", "0"))}
        if len(sys.argv) > 2:
            metrics["noise"] = time.time_ns()
        json.dump(metrics, open("metrics.json", "w"))
        print("mean", mean)
        """;

    private readonly TestWorkspace _ws = new();

    public ReproduceCommandTests()
    {
        _ws.Write("data/numbers.txt", string.Join("\n", Enumerable.Range(1, 500)) + "\n");
        _ws.CliOk("add", "data/numbers.txt");
        _ws.Write("train.py", Script);
        _ws.Write(".gitignore", "metrics.json\n");
        _ws.Commit("numbers and trainer");
    }

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task A_python_run_reproduces_at_its_commit_with_its_diff_input_params_and_variables()
    {
        // Given a run made with an uncommitted edit, a seed param and a chosen variable...
        _ws.Write("train.py", Script.Replace("1000", "2000", StringComparison.Ordinal));
        var runId = Run(new Dictionary<string, string> { ["OMP_NUM_THREADS"] = "3" }, "-n", "seeded", "-p", "seed=7", "-i", "numbers=data/numbers.txt.ari", "-m", "metrics.json", "--", "python3", "train.py", "7");
        var original = await GetRun(runId);
        Assert.Contains(original.LatestMetrics, m => m.Key == "threads" && m.Value == 3);

        // ...and a workspace that moved on since (a new commit, other uncommitted edits, the input deleted from the folder).
        _ws.Commit("later work");
        _ws.Write("train.py", "raise SystemExit('this is not the recorded code')\n");
        File.Delete(_ws.Path("data/numbers.txt"));
        var statusBefore = _ws.Git("status --porcelain");

        // When it is reproduced (without OMP_NUM_THREADS set here: the recorded value is used).
        var result = _ws.Cli("reproduce", runId[..8], "--json");

        // Then the command ran on the recorded code and data: every metric matched, exit 0.
        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        using var report = JsonDocument.Parse(result.Out);
        var root = report.RootElement;
        Assert.True(root.GetProperty("reproduced").GetBoolean());
        Assert.True(root.GetProperty("diff_applied").GetBoolean());
        Assert.Equal(original.Tags.Single(t => t.Key == "ariadne.git.commit").Value, root.GetProperty("commit").GetString());
        var metrics = root.GetProperty("metrics").EnumerateArray().ToDictionary(m => m.GetProperty("key").GetString()!);
        Assert.Equal(["mean", "rows", "threads"], metrics.Keys.Order());
        Assert.All(metrics.Values, m => Assert.True(m.GetProperty("matched").GetBoolean(), m.ToString()));
        Assert.Equal(original.LatestMetrics.Single(m => m.Key == "mean").Value, metrics["mean"].GetProperty("reproduced").GetDouble());
        Assert.Equal(3, metrics["threads"].GetProperty("reproduced").GetDouble());

        // The reproduction is a tracked run linked both ways, with the same params and input.
        var reproductionId = root.GetProperty("reproduction_run_id").GetString()!;
        var reproduction = await GetRun(reproductionId);
        Assert.Contains(reproduction.Tags, t => t.Key == "ariadne.reproduction_of" && t.Value == runId);
        Assert.Contains(reproduction.Tags, t => t.Key == "ariadne.reproduction.result" && t.Value == "reproduced");
        Assert.Contains(reproduction.Params, p => p.Key == "seed" && p.Value == "7");
        Assert.Equal(original.Inputs.Single().DatasetHash, reproduction.Inputs.Single().DatasetHash);
        Assert.Contains((await GetRun(runId)).Tags, t => t.Key == "ariadne.reproductions" && t.Value == $"{reproductionId}:reproduced");

        // The user's working tree is exactly as it was, and the worktree is gone.
        Assert.Equal(statusBefore, _ws.Git("status --porcelain"));
        Assert.False(File.Exists(_ws.Path("data/numbers.txt")));
        Assert.False(Directory.Exists(_ws.Path(".ariadne/reproduce")));
        Assert.DoesNotContain("reproduce", _ws.Git("worktree list"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_whose_metrics_change_does_not_reproduce_and_the_report_says_by_how_much()
    {
        var runId = Run(new(), "-n", "noisy", "-m", "metrics.json", "--", "python3", "train.py", "3", "noise");
        var folder = _ws.Outside("kept");

        var result = _ws.Cli("reproduce", runId, "--in", folder, "--keep", "--tolerance", "1e-15");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("DID NOT REPRODUCE", result.Out, StringComparison.Ordinal);
        Assert.Contains("metric noise: ", result.Out, StringComparison.Ordinal);
        Assert.Contains("relative", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("metric mean", result.Out, StringComparison.Ordinal);
        Assert.Contains("The worktree is kept in", result.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder, "train.py")));
        var reproduction = (await Runs()).Single(r => r.Tags.Any(t => t.Key == "ariadne.reproduction_of" && t.Value == runId));
        Assert.Contains(reproduction.Tags, t => t.Key == "ariadne.reproduction.result" && t.Value == "differed");
        Assert.Contains((await GetRun(runId)).Tags, t => t.Key == "ariadne.reproductions" && t.Value.EndsWith(":differed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_model_version_uri_reproduces_the_run_it_was_registered_from_and_an_unknown_one_is_refused()
    {
        var runId = Run(new(), "-n", "scorer", "-m", "metrics.json", "-o", "metrics.json", "--", "python3", "train.py", "5");
        _ws.CliOk("models", "register", "scorer", "--run", runId, "--path", "metrics.json", "--alias", "best");
        _ws.CliOk("models", "register", "loose", "data/numbers.txt");
        var runsBefore = (await Runs()).Count;

        var unknownAlias = _ws.Cli("reproduce", "models:/scorer@nope");
        var unknownVersion = _ws.Cli("reproduce", "models:/scorer/9");
        var fromPath = _ws.Cli("reproduce", "models:/loose/1");

        Assert.NotEqual(0, unknownAlias.ExitCode);
        Assert.Contains("models:/scorer@nope names no model version: Registered model 'scorer' has no alias 'nope'.", unknownAlias.Error, StringComparison.Ordinal);
        Assert.Contains("models:/scorer/9 names no model version: Registered model 'scorer' has no version 9.", unknownVersion.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, fromPath.ExitCode);
        Assert.Contains("models:/loose/1 is version 1 of 'loose', registered from the path", fromPath.Error, StringComparison.Ordinal);
        Assert.Equal(runsBefore, (await Runs()).Count);

        var result = _ws.Cli("reproduce", "models:/scorer@best");

        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        Assert.Contains($"models:/scorer@best is version 1 of model 'scorer', from run {runId}.", result.Out, StringComparison.Ordinal);
        Assert.Contains($"Run {runId} REPRODUCED: 3 of 3 metrics and 1 of 1 outputs matched", result.Out, StringComparison.Ordinal);
        Assert.Contains((await GetRun(runId)).Tags, t => t.Key == "ariadne.reproductions" && t.Value.EndsWith(":reproduced", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_run_whose_commit_is_gone_is_refused_naming_the_commit_and_nothing_changes()
    {
        _ws.Write("train.py", Script + "# an edit, committed below and then rewritten away\n");
        _ws.Commit("to be rewritten");
        var runId = Run(new(), "-n", "lost", "-m", "metrics.json", "--", "python3", "train.py", "1");
        var commit = (await GetRun(runId)).Tags.Single(t => t.Key == "ariadne.git.commit").Value;
        _ws.Git("reset -q --hard HEAD~1");
        _ws.Git("update-ref -d ORIG_HEAD");
        _ws.Git("reflog expire --expire=now --all");
        _ws.Git("gc -q --prune=now");
        var before = Snapshot();

        var result = _ws.Cli("reproduce", runId);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"commit {commit}", result.Error, StringComparison.Ordinal);
        Assert.Contains("the recorded uncommitted diff alone is not enough", result.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("git fetch", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
        Assert.Single(await Runs());
    }

    [Fact]
    public async Task Inputs_in_neither_the_cache_nor_any_remote_are_listed_and_nothing_changes()
    {
        var runId = Run(new(), "-n", "needs-data", "-i", "numbers=data/numbers.txt.ari", "-m", "metrics.json", "--", "python3", "train.py", "1");
        var hash = (await GetRun(runId)).Inputs.Single().DatasetHash;
        _ws.CliOk("remote", "add", "-d", "shelf", _ws.Outside("shelf"));
        Directory.CreateDirectory(_ws.Outside("shelf"));
        RemoveFromCache(hash);
        var before = Snapshot();

        var result = _ws.Cli("reproduce", runId);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"data/numbers.txt (blake3 {hash})", result.Error, StringComparison.Ordinal);
        Assert.Contains("remotes tried: shelf", result.Error, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
        Assert.False(Directory.Exists(_ws.Path(".ariadne/reproduce")));
        Assert.Single(await Runs());
    }

    [Fact]
    public async Task Artifacts_the_command_logs_through_the_sdk_are_stored_again_and_compared_hash_by_hash()
    {
        // Given a run whose command logs an artifact through the SDK (attached to the run by ARIADNE_RUN_ID; not an
        // '--output'): 'ariadne data profile' stores the table's profile, which records when it was made.
        _ws.Write("table.csv", "a,b\n1,2\n3,4\n");
        _ws.Commit("table");
        var ariadne = Path.Combine(AppContext.BaseDirectory, "ariadne.dll");
        var runId = Run(new(), "-n", "profiled", "--", "dotnet", ariadne, "data", "profile", "table.csv");
        var original = (await ArtifactsOf(runId)).Single(a => a.Path == "profiles/table.profile.json");

        // When it is reproduced...
        var result = _ws.Cli("reproduce", runId, "--json");

        // ...the command logged the artifact again on the reproduction, and the report compares the two by hash: the
        // profile's creation time differs, so the run did not reproduce, and the report names the artifact.
        Assert.Equal(1, result.ExitCode);
        using var report = JsonDocument.Parse(result.Out);
        var output = report.RootElement.GetProperty("outputs").EnumerateArray().Single(o => o.GetProperty("path").GetString() == "profiles/table.profile.json");
        Assert.Equal(original.Hash, output.GetProperty("original").GetString());
        var reproducedHash = output.GetProperty("reproduced").GetString();
        Assert.NotNull(reproducedHash);
        Assert.NotEqual(original.Hash, reproducedHash);
        Assert.False(output.GetProperty("matched").GetBoolean());
        var reproduction = await ArtifactsOf(report.RootElement.GetProperty("reproduction_run_id").GetString()!);
        Assert.Equal(reproducedHash, reproduction.Single(a => a.Path == "profiles/table.profile.json").Hash);
        Assert.True(_ws.Open().Cache.Contains(Ariadne.Content.ContentHash.Parse(reproducedHash)), "the reproduction's artifact is in the workspace cache");
    }

    [Fact]
    public void An_input_missing_from_the_cache_is_fetched_from_the_remote_that_has_it()
    {
        var runId = Run(new(), "-n", "pushed", "-i", "numbers=data/numbers.txt.ari", "-m", "metrics.json", "--", "python3", "train.py", "5");
        _ws.CliOk("remote", "add", "-d", "shelf", _ws.Outside("shelf"));
        _ws.CliOk("push");
        RemoveFromCache(_ws.Read("data/numbers.txt.ari").Split("blake3: ")[1][..64]);

        var result = _ws.Cli("reproduce", runId);

        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        Assert.Contains("REPRODUCED", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_target_folder_with_uncommitted_work_is_refused_and_left_untouched()
    {
        var runId = Run(new(), "-n", "target", "-m", "metrics.json", "--", "python3", "train.py", "2");
        var folder = _ws.Outside("mine");
        _ws.Git($"worktree add -q --detach {folder}");
        File.WriteAllText(Path.Combine(folder, "train.py"), "# my own work in progress\n");
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "unsaved\n");

        var result = _ws.Cli("reproduce", runId, "--in", folder);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("uncommitted changes", result.Error, StringComparison.Ordinal);
        Assert.Contains("train.py", result.Error, StringComparison.Ordinal);
        Assert.Contains("--in", result.Error, StringComparison.Ordinal);
        Assert.Equal("# my own work in progress\n", File.ReadAllText(Path.Combine(folder, "train.py")));
        Assert.Equal("unsaved\n", File.ReadAllText(Path.Combine(folder, "notes.txt")));
        Assert.Single(await Runs());

        // A folder that is not empty (no worktree) is refused too.
        var other = _ws.Outside("busy");
        Directory.CreateDirectory(other);
        File.WriteAllText(Path.Combine(other, "keep.txt"), "mine");
        var busy = _ws.Cli("reproduce", runId, "--in", other);
        Assert.Equal(2, busy.ExitCode);
        Assert.Contains("is not empty", busy.Error, StringComparison.Ordinal);
        Assert.Equal(["keep.txt"], Directory.GetFileSystemEntries(other).Select(Path.GetFileName));
    }

    private string Run(Dictionary<string, string> environment, params string[] args)
    {
        var result = environment.Count == 0 ? _ws.Cli(["run", .. args]) : CliRunner.RunWithEnvironment(_ws.Root, environment, ["run", .. args]);
        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        var start = result.Error.IndexOf("ariadne: run ", StringComparison.Ordinal) + "ariadne: run ".Length;
        return result.Error.Substring(start, 32);
    }

    private void RemoveFromCache(string hash)
    {
        var file = Path.Combine(_ws.Open().Cache.ObjectsFolder, hash[..2], hash[2..]);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Delete(file);
        Assert.False(File.Exists(file));
    }

    /// <summary>git status, the worktree list and every file under the workspace (the cache included) with its size.</summary>
    private string Snapshot() =>
        _ws.Git("status --porcelain --ignored") + _ws.Git("worktree list --porcelain") + string.Join("\n",
            Directory.EnumerateFiles(_ws.Root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
                .Where(f => !f.Contains("/.git/", StringComparison.Ordinal) && !f.EndsWith(".db", StringComparison.Ordinal) && !f.Contains(".db-", StringComparison.Ordinal) && !f.Contains("/.ariadne/state", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal).Select(f => $"{f} {new FileInfo(f).Length}"));

    private async Task<Run> GetRun(string runId)
    {
        await using var client = TrackingClient.Open(folder: _ws.Root);
        return await client.Store.GetRunAsync(runId, default);
    }

    private async Task<IReadOnlyList<RunArtifact>> ArtifactsOf(string runId)
    {
        await using var client = TrackingClient.Open(folder: _ws.Root);
        return await client.Store.ListArtifactsAsync(runId, default);
    }

    private async Task<List<Run>> Runs()
    {
        await using var client = TrackingClient.Open(folder: _ws.Root);
        var runs = new List<Run>();
        foreach (var experiment in await client.Store.ListExperimentsAsync(ViewType.All, default))
        {
            await foreach (var run in client.Store.SearchAllRunsAsync(new RunSearch([experiment.ExperimentId])))
            {
                runs.Add(run);
            }
        }

        return runs;
    }
}
