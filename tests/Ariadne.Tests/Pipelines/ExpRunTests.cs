using Ariadne.Tests.Support;
using Ariadne.Tracking;
using static Ariadne.Tests.Pipelines.ExperimentPipeline;

namespace Ariadne.Tests.Pipelines;

public sealed class ExpRunTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void Exp_run_leaves_params_lock_outputs_and_git_status_unchanged()
    {
        Create(_ws);
        _ws.Write("notes.txt", "uncommitted\n");
        var before = Snapshot(_ws);
        var status = _ws.Git("status --porcelain --ignored");

        var result = _ws.CliOk("exp", "run", "-S", "train.lr=0.5", "-S", "other.yaml:seed=7");

        Assert.Contains("the workspace is unchanged", result.Out, StringComparison.Ordinal);
        AssertUnchanged(_ws, before, status);
        Assert.Equal("# learning settings\ntrain:\n  lr: 0.1   # step size\n  depth: 3\n", _ws.Read("params.yaml"));
        Assert.Equal("HELLO\n0.1 3\n", _ws.Read("model/weights.txt"));
    }

    [Fact]
    public async Task Exp_run_reruns_only_affected_stages_and_tracks_the_overridden_params_and_metrics()
    {
        Create(_ws);

        var json = Json(_ws.CliOk("exp", "run", "-S", "train.lr=0.5", "--json"));

        Assert.True(json.GetProperty("succeeded").GetBoolean());
        var results = json.GetProperty("stages").EnumerateArray().ToDictionary(s => s.GetProperty("stage").GetString()!, s => s.GetProperty("result").GetString());
        Assert.Equal("up_to_date", results["prepare"]);
        Assert.Equal("ran", results["train"]);
        Assert.Equal("up_to_date", results["report"]);
        Assert.Equal(1.5, json.GetProperty("metrics").GetProperty("metrics.json:val.acc").GetDouble());
        Assert.Equal("0.5", json.GetProperty("params").GetProperty("train.lr").GetString());

        var runs = await Runs(_ws);
        var exp = Assert.Single(runs, r => r.Info.RunId == json.GetProperty("run_id").GetString());
        Assert.Null(exp.Info.ParentRunId);
        Assert.Equal(RunStatus.Finished, exp.Info.Status);
        Assert.Contains(exp.Params, p => p.Key == "train.lr" && p.Value == "0.5");
        Assert.Contains(exp.LatestMetrics, m => m.Key == "metrics.json:val.acc" && m.Value == 1.5);
        Assert.Contains(exp.Tags, t => t.Key == "ariadne.exp" && t.Value == "true");
        var pipeline = Assert.Single(runs, r => r.Info.ParentRunId == exp.Info.RunId);
        Assert.Equal(json.GetProperty("pipeline_run_id").GetString(), pipeline.Info.RunId);
        var train = Assert.Single(runs, r => r.Info.ParentRunId == pipeline.Info.RunId && r.Info.RunName == "train");
        Assert.Contains(train.Params, p => p.Key == "train.lr" && p.Value == "0.5");
        Assert.Contains(train.LatestMetrics, m => m.Key == "val.acc" && m.Value == 1.5);
    }

    [Fact]
    public void Exp_run_overrides_another_params_file()
    {
        Create(_ws);

        var json = Json(_ws.CliOk("exp", "run", "-S", "other.yaml:seed=7", "--json"));

        var results = json.GetProperty("stages").EnumerateArray().ToDictionary(s => s.GetProperty("stage").GetString()!, s => s.GetProperty("result").GetString());
        Assert.Equal("ran", results["report"]);
        Assert.Equal("up_to_date", results["train"]);
        Assert.Equal("7", json.GetProperty("params").GetProperty("other.yaml:seed").GetString());
        Assert.Equal("seed: 1\n", _ws.Read("other.yaml"));
    }

    [Fact]
    public void Second_exp_run_with_the_same_values_restores_from_the_run_cache()
    {
        Create(_ws);
        _ws.CliOk("exp", "run", "-S", "train.lr=0.5");

        var json = Json(_ws.CliOk("exp", "run", "-S", "train.lr=0.5", "--json"));

        var train = json.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("stage").GetString() == "train");
        Assert.Equal("restored", train.GetProperty("result").GetString());
        Assert.Equal(1.5, json.GetProperty("metrics").GetProperty("metrics.json:val.acc").GetDouble());
    }

    [Fact]
    public void Exp_run_prints_the_run_id_and_the_metrics()
    {
        Create(_ws);

        var result = _ws.CliOk("exp", "run", "-S", "train.depth=4");

        Assert.Matches(@"Experiment run [0-9a-f]+ finished", result.Out);
        Assert.Contains("val.acc", result.Out, StringComparison.Ordinal);
        Assert.Contains("0.4", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Exp_run_removes_a_working_copy_left_by_a_killed_experiment()
    {
        Create(_ws);
        var leftover = _ws.Path(".ariadne/exps/0123456789ab");
        Directory.CreateDirectory(Path.Combine(leftover, "model"));
        File.WriteAllText(Path.Combine(leftover, "model", "weights.txt"), "old\n");
        File.SetUnixFileMode(Path.Combine(leftover, "model"), UnixFileMode.UserRead | UnixFileMode.UserExecute);

        _ws.CliOk("exp", "run", "-S", "train.lr=0.5");

        Assert.False(Directory.Exists(_ws.Path(".ariadne/exps")));
    }

    [Fact]
    public void Stage_commands_of_an_experiment_record_into_the_workspace_tracking_database()
    {
        var seen = Path.Combine(_ws.Outside("seen"), "uri.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(seen)!);
        _ws.Write("params.yaml", "lr: 1\n");
        _ws.Write("ariadne.yaml", $"stages:\n  a:\n    cmd: echo \"$ARIADNE_TRACKING_URI\" > {seen} && cp params.yaml a.txt\n    params: [lr]\n    outs: [a.txt]\n");

        _ws.CliOk("exp", "run", "-S", "lr=2");

        var uri = File.ReadAllText(seen).Trim();
        Assert.EndsWith(_ws.Path(".ariadne/ariadne.db").TrimStart('/'), uri, StringComparison.Ordinal);
        Assert.DoesNotContain("exps", uri, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("train.rl=0.5", "has no key 'train.rl'")]
    [InlineData("train=0.5", "is a section")]
    [InlineData("missing.yaml:lr=1", "'missing.yaml' does not exist")]
    [InlineData("train.lr", "is not key=value")]
    [InlineData("train.lr=", "has no value")]
    [InlineData("=3", "is not key=value")]
    public async Task Bad_override_is_refused_before_anything_runs(string set, string message)
    {
        Create(_ws);
        var before = Snapshot(_ws);
        var status = _ws.Git("status --porcelain --ignored");
        var runsBefore = (await Runs(_ws)).Count;

        var result = _ws.Cli("exp", "run", "-S", set);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        AssertUnchanged(_ws, before, status);
        Assert.Equal(runsBefore, (await Runs(_ws)).Count);
    }

    [Fact]
    public void Failed_experiment_exits_1_and_leaves_the_workspace_unchanged()
    {
        Create(_ws);
        var before = Snapshot(_ws);
        var status = _ws.Git("status --porcelain --ignored");

        var result = _ws.Cli("exp", "run", "-S", "train.depth=oops");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("failed", result.Out, StringComparison.Ordinal);
        AssertUnchanged(_ws, before, status);
    }
    [Fact]
    public async Task Exp_run_whose_first_stage_failed_reports_no_metric_left_from_the_workspace()
    {
        CreateGated(_ws);
        Assert.Equal("{\"final\": 1}\n", _ws.Read("final.json"));

        var result = _ws.Cli("exp", "run", "-S", "lr=0.9", "--json");

        Assert.Equal(1, result.ExitCode);
        var json = Json(result);
        var stages = json.GetProperty("stages").EnumerateArray().ToDictionary(s => s.GetProperty("stage").GetString()!, s => s.GetProperty("result").GetString());
        Assert.Equal("failed", stages["prepare"]);
        Assert.Equal("skipped", stages["measure"]);
        Assert.Empty(json.GetProperty("metrics").EnumerateObject());
        var exp = Assert.Single(await Runs(_ws), r => r.Info.RunId == json.GetProperty("run_id").GetString());
        Assert.Equal(RunStatus.Failed, exp.Info.Status);
        Assert.Empty(exp.LatestMetrics);
    }

    [Fact]
    public void Exp_run_reports_the_metrics_of_stages_that_are_up_to_date_for_its_inputs()
    {
        CreateGated(_ws);

        var json = Json(_ws.CliOk("exp", "run", "-S", "lr=0.1", "--json"));

        Assert.All(json.GetProperty("stages").EnumerateArray(), s => Assert.Equal("up_to_date", s.GetProperty("result").GetString()));
        Assert.Equal(1, json.GetProperty("metrics").GetProperty("final.json:final").GetDouble());
    }

    [Fact]
    public async Task Exp_run_keeps_each_metric_file_in_the_metric_name()
    {
        CreateScores(_ws);

        var result = _ws.CliOk("exp", "run", "-S", "lr=2", "--json");

        var metrics = Json(result).GetProperty("metrics").EnumerateObject().ToDictionary(m => m.Name, m => m.Value.GetDouble());
        Assert.Equal(new Dictionary<string, double> { ["m-a.json:acc"] = 2, ["m-b.json:acc"] = 4, ["m-c.json:acc"] = 6 }, metrics);
        var exp = Assert.Single(await Runs(_ws), r => r.Info.RunId == Json(result).GetProperty("run_id").GetString());
        Assert.Equal(metrics, exp.LatestMetrics.ToDictionary(m => m.Key, m => m.Value));
    }
}
