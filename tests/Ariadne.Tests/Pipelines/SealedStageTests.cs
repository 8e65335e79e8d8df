using Ariadne.Data.Holdout;
using Ariadne.Pipelines;
using Ariadne.Tests.Support;
using Ariadne.Tracking;
using static Ariadne.Tests.Pipelines.ExperimentPipeline;

namespace Ariadne.Tests.Pipelines;

/// <summary>
/// Experiments and sweeps select models: they leave out the stages that read a sealed test set, refuse any read the
/// pipeline did not declare, and read one only when --read-sealed gives a reason, each read spending the one budget
/// of the workspace's ledger.
/// </summary>
public sealed class SealedStageTests : IDisposable
{
    private static readonly string Ariadne = $"dotnet {Path.Combine(AppContext.BaseDirectory, "ariadne.dll")}";

    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    /// <summary>A split with a sealed test part (budget 5), 'train' (val.acc = lr * depth) and a 'test' stage that scores the sealed part.</summary>
    private void CreateWithSealedTest(string testCommand)
    {
        _ws.Write("data.csv", "id,x\n" + string.Join("\n", Enumerable.Range(0, 60).Select(i => $"{i},{i * 3}")) + "\n");
        _ws.CliOk("data", "split", "data.csv", "--seed", "3", "--by", "id", "-o", "split", "--budget", "5");
        _ws.Write("raw.txt", "hello\n");
        _ws.Write("params.yaml", "train:\n  lr: 0.1\n  depth: 3\n");
        _ws.Write("report.sh", "echo '{\"test\": {\"acc\": 0.5}}' > test-metrics.json\n");
        _ws.Write("score.sh", $"{Ariadne} holdout read split --model model --metric acc > /dev/null\n");
        _ws.Write("ariadne.yaml", $$$"""
            stages:
              train:
                cmd: sh train.sh
                deps: [raw.txt, train.sh, split/train.csv]
                params: [train.lr, train.depth]
                outs: [model]
                metrics: [metrics.json]
              test:
                cmd: {{{testCommand}}} && sh report.sh
                deps: [model, split, score.sh, report.sh]
                metrics: [test-metrics.json]
            """);
        _ws.Write("train.sh", TrainScript.Replace("clean.txt", "raw.txt", StringComparison.Ordinal) + "\n");
        _ws.CliOk("repro");
        _ws.Commit("pipeline with a sealed test");
    }

    private async Task<int> ReadsAsync()
    {
        await using var tracking = TrackingClient.Open(folder: _ws.Root);
        return await SealedTestSet.Open(_ws.Path("split/split.json"), tracking).CountReadsAsync();
    }

    [Fact]
    public async Task Sweep_leaves_out_the_stage_that_reads_the_sealed_set_and_the_workspace_ledger_stays_exact()
    {
        CreateWithSealedTest($"{Ariadne} holdout read split/split.json --model model --metric acc > /dev/null");
        Assert.Equal(1, await ReadsAsync());

        var json = Json(_ws.CliOk("sweep", "-S", "train.lr=0.1,0.2", "-S", "train.depth=2,3", "--metric", "val.acc", "--json"));

        Assert.Equal(1, await ReadsAsync());
        var leftOut = Assert.Single(json.GetProperty("left_out").EnumerateArray());
        Assert.Equal("test", leftOut.GetProperty("stage").GetString());
        Assert.Contains("holdout read", leftOut.GetProperty("reason").GetString());
        Assert.All(json.GetProperty("trials").EnumerateArray(), t =>
        {
            Assert.True(t.GetProperty("succeeded").GetBoolean());
            Assert.DoesNotContain(t.GetProperty("metrics").EnumerateObject(), m => m.Name.EndsWith(":test.acc", StringComparison.Ordinal));
            Assert.DoesNotContain(t.GetProperty("stages").EnumerateArray(), s => s.GetProperty("stage").GetString() == "test");
        });
        Assert.Equal(0.6, json.GetProperty("trials")[0].GetProperty("metrics").GetProperty("metrics.json:val.acc").GetDouble(), 6);
        var sweep = Assert.Single(await Runs(_ws), r => r.Info.RunId == json.GetProperty("sweep_run_id").GetString());
        Assert.Contains(sweep.Tags, t => t.Key == ExperimentRunner.LeftOutTag && t.Value == "test");

        var table = _ws.CliOk("sweep", "-S", "train.lr=0.1,0.2", "--metric", "val.acc");
        Assert.Contains("Left out 'test'", table.Out);
        Assert.Equal(1, await ReadsAsync());
        var status = _ws.CliOk("holdout", "status", "--json");
        Assert.Contains("\"reads\": 1", status.Out);
    }

    [Fact]
    public async Task Sweep_ranked_by_a_metric_of_a_left_out_stage_is_refused_before_any_trial()
    {
        CreateWithSealedTest($"{Ariadne} holdout read split/split.json --model model --metric acc > /dev/null");
        var runsBefore = (await Runs(_ws)).Count;

        var refused = _ws.Cli("sweep", "-S", "train.lr=0.1,0.2", "--metric", "test.acc");

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("--metric test-metrics.json:test.acc comes from stage 'test'", refused.Error);
        Assert.Contains("validation metric", refused.Error);
        Assert.Equal(runsBefore, (await Runs(_ws)).Count);
        Assert.Equal(1, await ReadsAsync());
    }

    [Fact]
    public async Task With_read_sealed_every_trial_reads_from_its_working_copy_into_the_one_budget_and_the_reason_is_recorded()
    {
        CreateWithSealedTest($"{Ariadne} holdout read split/split.json --model model --metric acc > /dev/null");

        var json = Json(_ws.CliOk("sweep", "-S", "train.lr=0.2,0.3,0.4", "--read-sealed", "final check of three candidates, agreed in review", "--json"));

        Assert.Empty(json.GetProperty("left_out").EnumerateArray());
        Assert.Equal(4, await ReadsAsync());
        var runs = await Runs(_ws);
        var sweep = Assert.Single(runs, r => r.Info.RunId == json.GetProperty("sweep_run_id").GetString());
        Assert.Contains(sweep.Tags, t => t.Key == ExperimentRunner.ReadSealedTag && t.Value == "final check of three candidates, agreed in review");
        Assert.All(runs.Where(r => r.Info.ParentRunId == sweep.Info.RunId), t => Assert.Contains(t.Tags, tag => tag.Key == ExperimentRunner.ReadSealedTag));

        // The budget (5) holds across working copies: two more trials, one read left.
        var over = _ws.Cli("sweep", "-S", "train.lr=0.5,0.6", "--read-sealed", "one more look", "--json");
        Assert.NotEqual(0, over.ExitCode);
        Assert.Equal(5, await ReadsAsync());
    }

    [Fact]
    public async Task A_sealed_read_the_pipeline_does_not_declare_fails_the_experiment_and_records_nothing()
    {
        CreateWithSealedTest("sh score.sh");
        Assert.Equal(1, await ReadsAsync());

        var result = _ws.Cli("exp", "run", "-S", "train.lr=0.3", "--json");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("reads_sealed: true", result.Error + result.Out);
        Assert.Equal(1, await ReadsAsync());
    }

    [Fact]
    public async Task Exp_run_leaves_out_a_stage_marked_reads_sealed_and_says_why()
    {
        CreateWithSealedTest("sh score.sh");
        File.WriteAllText(_ws.Path("ariadne.yaml"), File.ReadAllText(_ws.Path("ariadne.yaml")).Replace("    metrics: [test-metrics.json]", "    metrics: [test-metrics.json]\n    reads_sealed: true", StringComparison.Ordinal));

        var result = _ws.CliOk("exp", "run", "-S", "train.lr=0.3");

        Assert.Contains("Left out 'test'", result.Out);
        Assert.Contains("marked 'reads_sealed: true'", result.Out);
        Assert.Equal(1, await ReadsAsync());
    }

    [Fact]
    public void Sealed_stages_are_found_by_mark_by_manifest_by_sealed_file_and_downstream()
    {
        _ws.Write("data.csv", "id,x\n" + string.Join("\n", Enumerable.Range(0, 40).Select(i => $"{i},{i}")) + "\n");
        _ws.CliOk("data", "split", "data.csv", "--seed", "1", "--by", "id", "-o", "split");
        _ws.Write("ariadne.yaml", """
            stages:
              train:
                cmd: echo train split/train.csv
                deps: [split]
                outs: [m1]
              marked:
                cmd: echo marked
                deps: [m1]
                outs: [m2]
                reads_sealed: true
              manifest:
                cmd: echo manifest
                deps: [split/split.json]
                outs: [m3]
              file:
                cmd: echo file
                deps: [split/test.csv.sealed]
                outs: [m4]
              after:
                cmd: echo after
                deps: [m4]
                outs: [m5]
              validation:
                cmd: echo validation
                deps: [split/validation.csv]
                outs: [m6]
            """);

        var found = SealedStages.Find(PipelineFile.Load(_ws.Root), _ws.Root).ToDictionary(s => s.Stage, s => s.Reason);

        Assert.Equal(["after", "file", "manifest", "marked"], found.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("reads_sealed", found["marked"]);
        Assert.Contains("split/split.json", found["manifest"]);
        Assert.Contains("sealed part 'test'", found["file"]);
        Assert.Contains("'file'", found["after"]);
    }

    [Fact]
    public async Task A_split_stages_run_keeps_the_sealed_part_out_of_its_artifacts()
    {
        _ws.Write("data.csv", "id,x\n" + string.Join("\n", Enumerable.Range(0, 60).Select(i => $"{i},{i}")) + "\n");
        _ws.Write("ariadne.yaml", $"stages:\n  split:\n    cmd: {Ariadne} data split data.csv --seed 3 --by id -o split\n    deps: [data.csv]\n    outs: [split]\n");

        _ws.CliOk("repro");

        await using var tracking = TrackingClient.Open(folder: _ws.Root);
        var experiment = await tracking.Store.GetExperimentByNameAsync("pipelines", default);
        var split = Assert.Single((await tracking.Store.SearchRunsAsync(new RunSearch([experiment!.ExperimentId]), default)).Runs, r => r.Info.RunName == "split");
        var artifacts = (await tracking.Store.ListArtifactsAsync(split.Info.RunId, default)).Select(a => a.Path).ToList();
        Assert.Contains("outs/split/train.csv", artifacts);
        Assert.Contains("outs/split/split.json", artifacts);
        Assert.DoesNotContain("outs/split/test.csv", artifacts);
        Assert.Contains("outs/split/test.csv.sealed", artifacts); // the pointer, which names the sealed bytes by hash
    }

    [Fact]
    public async Task Reusable_holdout_ranks_the_trials_through_thresholdout_and_records_its_budget_on_the_sweep()
    {
        _ws.Write("params.yaml", "lr: 0.1\n");
        _ws.Write("score.sh", """
            lr=$(sed -n 's/^lr: *//p' params.yaml)
            case "$lr" in 0.1) v=0.88;; 0.2) v=0.5;; *) v=0.89;; esac
            echo "{\"train\": {\"acc\": 0.9}, \"val\": {\"acc\": $v}}" > metrics.json
            """);
        _ws.Write("ariadne.yaml", "stages:\n  train:\n    cmd: sh score.sh\n    deps: [score.sh]\n    params: [lr]\n    metrics: [metrics.json]\n");
        _ws.CliOk("repro");

        var json = Json(_ws.CliOk("sweep", "-S", "lr=0.1,0.2,0.3", "--metric", "val.acc", "--reusable-holdout", "--holdout-sigma", "0", "--json"));

        // Trials 1 and 3 are within the threshold of training (answer 0.9, a tie kept in trial order); trial 2 is not (answer 0.5, one unit spent).
        Assert.Equal([1, 3, 2], json.GetProperty("trials").EnumerateArray().Select(t => t.GetProperty("trial").GetInt32()));
        var holdout = json.GetProperty("reusable_holdout");
        Assert.Equal("train.acc", holdout.GetProperty("train_metric").GetString());
        Assert.Equal(3, holdout.GetProperty("budget").GetInt32());
        Assert.Equal(1, holdout.GetProperty("spent").GetInt32());
        Assert.Equal(0.5, holdout.GetProperty("answers").GetProperty("2").GetDouble(), 9);
        var sweep = Assert.Single(await Runs(_ws), r => r.Info.RunId == json.GetProperty("sweep_run_id").GetString());
        Assert.Contains(sweep.Params, p => p.Key == "sweep.reusable_holdout" && p.Value.Contains("budget=3", StringComparison.Ordinal) && p.Value.Contains("train_metric=train.acc", StringComparison.Ordinal));
        Assert.Contains(sweep.LatestMetrics, m => m.Key == "reusable_holdout.spent" && m.Value == 1);
        Assert.Contains(sweep.LatestMetrics, m => m.Key == "best.metrics.json:val.acc" && m.Value == 0.9);
        Assert.Contains(sweep.Tags, t => t.Key == "ariadne.sweep.best_run" && t.Value == json.GetProperty("trials")[0].GetProperty("run_id").GetString());
    }

    [Fact]
    public void Reusable_holdout_without_a_metric_is_refused_before_anything_runs()
    {
        Create(_ws);

        var refused = _ws.Cli("sweep", "-S", "train.lr=0.1,0.2", "--reusable-holdout");

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("--reusable-holdout ranks by a validation metric", refused.Error);
    }

    [Fact]
    public void Reads_sealed_must_be_true_or_false()
    {
        _ws.Write("ariadne.yaml", "stages:\n  s:\n    cmd: echo\n    reads_sealed: maybe\n");

        var error = Assert.Throws<AriadneException>(() => PipelineFile.Load(_ws.Root));

        Assert.Contains("'reads_sealed' of stage 's' must be true or false", error.Message);
    }
}
