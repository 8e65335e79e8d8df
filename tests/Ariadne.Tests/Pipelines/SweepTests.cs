using System.Globalization;
using System.Text.Json;
using Ariadne.Pipelines;
using Ariadne.Tests.Support;
using Ariadne.Tracking;
using static Ariadne.Tests.Pipelines.ExperimentPipeline;

namespace Ariadne.Tests.Pipelines;

public sealed class SweepTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private static List<(string Lr, string Depth, double Acc)> Trials(JsonElement json) =>
        [.. json.GetProperty("trials").EnumerateArray().Select(t => (
            t.GetProperty("params").GetProperty("train.lr").GetString()!,
            t.GetProperty("params").GetProperty("train.depth").GetString()!,
            t.GetProperty("metrics").GetProperty("metrics.json:val.acc").GetDouble()))];

    [Fact]
    public async Task Grid_sweep_runs_every_combination_ranks_by_the_metric_and_groups_the_runs()
    {
        Create(_ws);
        var before = Snapshot(_ws);
        var status = _ws.Git("status --porcelain --ignored");

        var json = Json(_ws.CliOk("sweep", "-S", "train.lr=0.1,0.2", "-S", "train.depth=range(2,4)", "--metric", "val.acc", "--maximize", "--json"));

        Assert.Equal("grid", json.GetProperty("kind").GetString());
        Assert.True(json.GetProperty("succeeded").GetBoolean());
        Assert.Equal([("0.2", "3", 0.6), ("0.2", "2", 0.4), ("0.1", "3", 0.3), ("0.1", "2", 0.2)], Trials(json));
        Assert.Equal([1, 2, 3, 4], json.GetProperty("trials").EnumerateArray().Select(t => t.GetProperty("rank").GetInt32()));
        AssertUnchanged(_ws, before, status);

        var runs = await Runs(_ws);
        var sweepId = json.GetProperty("sweep_run_id").GetString();
        var sweep = Assert.Single(runs, r => r.Info.RunId == sweepId);
        Assert.Equal(RunStatus.Finished, sweep.Info.Status);
        Assert.Contains(sweep.LatestMetrics, m => m.Key == "best.metrics.json:val.acc" && m.Value == 0.6);
        var trials = runs.Where(r => r.Info.ParentRunId == sweepId).ToList();
        Assert.Equal(4, trials.Count);
        Assert.All(trials, t => Assert.Contains(t.Tags, tag => tag.Key == "ariadne.sweep.id" && tag.Value == sweepId));
        var best = json.GetProperty("trials")[0];
        var bestRun = Assert.Single(trials, t => t.Info.RunId == best.GetProperty("run_id").GetString());
        Assert.Contains(bestRun.Params, p => p.Key == "train.lr" && p.Value == "0.2");
        Assert.Contains(bestRun.Params, p => p.Key == "train.depth" && p.Value == "3");
        Assert.Contains(bestRun.LatestMetrics, m => m.Key == "metrics.json:val.acc" && m.Value == 0.6);
        Assert.Contains(sweep.Tags, t => t.Key == "ariadne.sweep.best_run" && t.Value == bestRun.Info.RunId);

        // Each trial's pipeline run is nested under the trial.
        var pipeline = Assert.Single(runs, r => r.Info.ParentRunId == bestRun.Info.RunId);
        Assert.Contains(runs, r => r.Info.ParentRunId == pipeline.Info.RunId && r.Info.RunName == "train");
    }

    [Fact]
    public void Minimize_ranks_the_lowest_first_and_the_table_names_the_best()
    {
        Create(_ws);

        var result = _ws.CliOk("sweep", "-S", "train.depth=4,2,3", "--metric", "val.loss", "--minimize");

        Assert.Contains("Best by metrics.json:val.loss (lowest): trial 2", result.Out, StringComparison.Ordinal);
        Assert.Contains("train.depth=2", result.Out, StringComparison.Ordinal);
        Assert.Contains("3 trials, 0 failed", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_sweep_with_a_seed_draws_the_same_trials_every_time()
    {
        Create(_ws);
        string[] args = ["sweep", "-S", "train.lr=uniform(0.1,0.9)", "-S", "train.depth=choice(2,3,4)", "--random", "3", "--seed", "42", "--json"];

        var first = Trials(Json(_ws.CliOk(args)));
        var second = Trials(Json(_ws.CliOk(args)));

        Assert.Equal(3, first.Count);
        Assert.Equal(first.Select(t => (t.Lr, t.Depth)).Order(), second.Select(t => (t.Lr, t.Depth)).Order());
        Assert.All(first, t =>
        {
            var lr = double.Parse(t.Lr, CultureInfo.InvariantCulture);
            Assert.InRange(lr, 0.1, 0.9);
            Assert.Contains(t.Depth, new[] { "2", "3", "4" });
        });
    }

    [Fact]
    public void Random_plan_is_deterministic_for_a_seed_and_loguniform_stays_in_bounds()
    {
        var options = new SweepOptions([SweepParameter.Parse("lr=loguniform(0.0001,0.1)"), SweepParameter.Parse("depth=range(2,8)")], RandomTrials: 20, Seed: 7);

        var a = SweepRunner.Plan(options);
        var b = SweepRunner.Plan(options);

        Assert.Equal(a.Select(t => string.Join(",", t.Select(o => o.Value))), b.Select(t => string.Join(",", t.Select(o => o.Value))));
        Assert.All(a, t =>
        {
            Assert.InRange(double.Parse(t[0].Value, CultureInfo.InvariantCulture), 0.0001, 0.1);
            Assert.DoesNotContain("E", t[0].Value, StringComparison.OrdinalIgnoreCase);
            Assert.InRange(int.Parse(t[1].Value, CultureInfo.InvariantCulture), 2, 7);
        });
    }

    [Fact]
    public void Grid_plan_is_the_cartesian_product_with_the_first_param_varying_slowest()
    {
        var plan = SweepRunner.Plan(new SweepOptions([SweepParameter.Parse("a=1,2"), SweepParameter.Parse("b=range(0,6,2)")]));

        Assert.Equal(["1/0", "1/2", "1/4", "2/0", "2/2", "2/4"], plan.Select(t => $"{t[0].Value}/{t[1].Value}"));
    }

    [Fact]
    public async Task Parallel_trials_with_jobs_2_give_the_same_results_in_separate_working_copies()
    {
        Create(_ws);
        var before = Snapshot(_ws);
        var status = _ws.Git("status --porcelain --ignored");

        var json = Json(_ws.CliOk("sweep", "-S", "train.lr=0.1,0.2", "-S", "train.depth=2,3", "--jobs", "2", "--metric", "val.acc", "--json"));

        Assert.Equal([("0.2", "3", 0.6), ("0.2", "2", 0.4), ("0.1", "3", 0.3), ("0.1", "2", 0.2)], Trials(json));
        AssertUnchanged(_ws, before, status);
        var runs = await Runs(_ws);
        Assert.Equal(4, runs.Count(r => r.Info.ParentRunId == json.GetProperty("sweep_run_id").GetString() && r.Info.Status == RunStatus.Finished));
    }

    [Fact]
    public void Failed_trial_is_ranked_last_and_the_sweep_exits_1()
    {
        Create(_ws);

        var result = _ws.Cli("sweep", "-S", "train.depth=oops,2", "--metric", "val.acc", "--json");

        Assert.Equal(1, result.ExitCode);
        var trials = Json(result).GetProperty("trials").EnumerateArray().ToList();
        Assert.Equal("2", trials[0].GetProperty("params").GetProperty("train.depth").GetString());
        Assert.False(trials[1].GetProperty("succeeded").GetBoolean());
    }

    [Theory]
    [InlineData(new[] { "-S", "train.depth=range(5,2)" }, "the range is empty")]
    [InlineData(new[] { "-S", "train.lr=uniform(0.5,0.1)" }, "the range is empty")]
    [InlineData(new[] { "-S", "train.lr=uniform(0.1,0.5)" }, "needs random search")]
    [InlineData(new[] { "-S", "train.rl=1,2" }, "has no key 'train.rl'")]
    [InlineData(new[] { "-S", "train.lr" }, "is not key=value")]
    [InlineData(new[] { "-S", "train.lr=1,,2" }, "empty value")]
    [InlineData(new[] { "-S", "train.lr=range(a,3)" }, "takes integers")]
    [InlineData(new[] { "-S", "train.lr=normal(0,1)" }, "unknown function 'normal'")]
    [InlineData(new[] { "-S", "train.lr=loguniform(0,1)", "--random", "2" }, "above 0")]
    [InlineData(new[] { "-S", "train.lr=1,2", "--random", "0" }, "--random must be at least 1")]
    [InlineData(new[] { "-S", "train.lr=1,2", "--seed", "3" }, "add --random N")]
    [InlineData(new[] { "-S", "train.lr=1,2", "--minimize" }, "need --metric")]
    [InlineData(new[] { "-S", "train.lr=1,2", "-S", "train.lr=3" }, "more than once")]
    public async Task Bad_sweep_is_refused_before_anything_runs(string[] options, string message)
    {
        Create(_ws);
        var before = Snapshot(_ws);
        var status = _ws.Git("status --porcelain --ignored");
        var runsBefore = (await Runs(_ws)).Count;

        var result = _ws.Cli(["sweep", .. options]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        AssertUnchanged(_ws, before, status);
        Assert.Equal(runsBefore, (await Runs(_ws)).Count);
    }
    [Fact]
    public void Failed_trial_is_ranked_without_the_metric_left_from_the_workspace()
    {
        CreateGated(_ws);

        var result = _ws.Cli("sweep", "-S", "lr=0.9,0.1", "--metric", "final", "--minimize", "--json");

        Assert.Equal(1, result.ExitCode);
        var json = Json(result);
        Assert.Equal("final.json:final", json.GetProperty("metric").GetString());
        var trials = json.GetProperty("trials").EnumerateArray().ToList();
        Assert.Equal("0.1", trials[0].GetProperty("params").GetProperty("lr").GetString());
        Assert.Equal(1, trials[0].GetProperty("metrics").GetProperty("final.json:final").GetDouble());
        Assert.Equal("0.9", trials[1].GetProperty("params").GetProperty("lr").GetString());
        Assert.False(trials[1].GetProperty("succeeded").GetBoolean());
        Assert.Empty(trials[1].GetProperty("metrics").EnumerateObject());
    }

    [Fact]
    public async Task Metric_key_written_by_several_files_is_refused_listing_them()
    {
        CreateScores(_ws);
        var runsBefore = (await Runs(_ws)).Count;

        var result = _ws.Cli("sweep", "-S", "lr=1,2", "--metric", "acc");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'acc' is in several metrics files", result.Error, StringComparison.Ordinal);
        Assert.Contains("m-a.json:acc, m-b.json:acc, m-c.json:acc", result.Error, StringComparison.Ordinal);
        Assert.Equal(runsBefore, (await Runs(_ws)).Count);
    }

    [Fact]
    public void Sweep_ranks_by_the_metric_of_the_named_file_and_keeps_every_file_metric()
    {
        CreateScores(_ws);

        var json = Json(_ws.CliOk("sweep", "-S", "lr=2,1", "--metric", "m-a.json:acc", "--minimize", "--json"));

        var trials = json.GetProperty("trials").EnumerateArray().ToList();
        Assert.Equal(["1", "2"], trials.Select(t => t.GetProperty("params").GetProperty("lr").GetString()));
        Assert.Equal([1.0, 2.0, 3.0], new[] { "m-a.json:acc", "m-b.json:acc", "m-c.json:acc" }.Select(k => trials[0].GetProperty("metrics").GetProperty(k).GetDouble()));
        Assert.Equal([2.0, 4.0, 6.0], new[] { "m-a.json:acc", "m-b.json:acc", "m-c.json:acc" }.Select(k => trials[1].GetProperty("metrics").GetProperty(k).GetDouble()));
    }
    [Fact]
    public void Metric_key_is_resolved_from_the_trials_when_the_workspace_has_no_metrics_yet()
    {
        _ws.Write("params.yaml", "lr: 1\n");
        _ws.Write("score.sh", "sed -n 's/^lr: *\\(.*\\)$/{\"acc\": \\1}/p' params.yaml > scores.json\n");
        _ws.Write("ariadne.yaml", "stages:\n  score:\n    cmd: sh score.sh\n    deps: [score.sh]\n    params: [lr]\n    metrics: [scores.json]\n");

        var json = Json(_ws.CliOk("sweep", "-S", "lr=1,3", "--metric", "acc", "--json"));

        Assert.False(File.Exists(_ws.Path("scores.json")));
        Assert.Equal("scores.json:acc", json.GetProperty("metric").GetString());
        var trials = json.GetProperty("trials").EnumerateArray().ToList();
        Assert.Equal(["3", "1"], trials.Select(t => t.GetProperty("params").GetProperty("lr").GetString()));
        Assert.Equal([3.0, 1.0], trials.Select(t => t.GetProperty("metrics").GetProperty("scores.json:acc").GetDouble()));
    }
}
