using Ariadne.Pipelines;
using Ariadne.Tests.Support;
using static Ariadne.Tests.Pipelines.ExperimentPipeline;

namespace Ariadne.Tests.Pipelines;

/// <summary>'ariadne exp show' lists tracked experiments against the workspace; 'ariadne exp apply' brings one into it.</summary>
public sealed class ExpShowApplyTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private string RunExp(params string[] sets)
    {
        var args = new List<string> { "exp", "run", "--json" };
        foreach (var set in sets)
        {
            args.Add("-S");
            args.Add(set);
        }

        return Json(_ws.CliOk([.. args])).GetProperty("run_id").GetString()!;
    }

    [Fact]
    public void Exp_show_lists_params_metrics_and_changes_sorted_and_filtered()
    {
        Create(_ws);
        var low = RunExp("train.lr=0.2");
        var high = RunExp("train.lr=0.5", "train.depth=4");

        var json = Json(_ws.CliOk("exp", "show", "--json", "--sort-by", "val.acc", "--sort-order", "desc"));

        var workspace = json.GetProperty("workspace");
        Assert.Equal("0.1", workspace.GetProperty("params").GetProperty("train.lr").GetString());
        Assert.Equal(0.3, workspace.GetProperty("metrics").GetProperty("metrics.json:val.acc").GetDouble(), 6);
        var rows = json.GetProperty("experiments").EnumerateArray().ToList();
        Assert.Equal([high, low], rows.Select(r => r.GetProperty("run_id").GetString()));
        Assert.Equal(2.0, rows[0].GetProperty("metrics").GetProperty("metrics.json:val.acc").GetDouble(), 6);
        Assert.Equal(1.7, rows[0].GetProperty("metric_changes").GetProperty("metrics.json:val.acc").GetDouble(), 6);
        Assert.Equal(["train.depth", "train.lr"], rows[0].GetProperty("changed_params").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("3", rows[1].GetProperty("params").GetProperty("train.depth").GetString());
        Assert.Equal("finished", rows[1].GetProperty("status").GetString());

        var only = Json(_ws.CliOk("exp", "show", "--json", "--only-changed", "--params", "train.*", "--metrics", "*acc"));
        Assert.Equal(["train.depth", "train.lr"], only.GetProperty("params").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(["metrics.json:val.acc"], only.GetProperty("metrics").EnumerateArray().Select(p => p.GetString()));

        var named = Json(_ws.CliOk("exp", "show", "--json", "--name", low[..8] + "*"));
        Assert.Equal([low], named.GetProperty("experiments").EnumerateArray().Select(r => r.GetProperty("run_id").GetString()));

        var csv = _ws.CliOk("exp", "show", "--csv", "--params", "train.lr", "--metrics", "metrics.json:val.acc").Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("name,run_id,status,created,train.lr,metrics.json:val.acc", csv[0]);
        Assert.StartsWith("workspace,,,,0.1,0.3", csv[1], StringComparison.Ordinal);
        Assert.Equal(4, csv.Length);

        var table = _ws.CliOk("exp", "show").Out;
        Assert.Contains("0.5*", table, StringComparison.Ordinal);
        Assert.Contains("2 (+1.7)", table, StringComparison.Ordinal);

        var bad = _ws.Cli("exp", "show", "--sort-by", "val.acx");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--sort-by 'val.acx' is not a param or metric of these experiments. Did you mean 'val.acc'?", bad.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Exp_apply_brings_params_and_outputs_from_the_run_cache_and_repro_is_then_up_to_date()
    {
        Create(_ws);
        var id = RunExp("train.lr=0.5");

        var applied = _ws.CliOk("exp", "apply", id[..8]);

        Assert.Contains("Applied experiment", applied.Out, StringComparison.Ordinal);
        Assert.Contains("lr: 0.5", _ws.Read("params.yaml"), StringComparison.Ordinal);
        Assert.Equal("HELLO\n0.5 3\n", _ws.Read("model/weights.txt"));
        Assert.Contains("1.5", _ws.Read("metrics.json"), StringComparison.Ordinal);
        Assert.Contains("Everything is up to date.", _ws.CliOk("repro").Out, StringComparison.Ordinal);
        _ws.AssertCacheIntact();
    }

    [Fact]
    public void Exp_apply_refuses_uncommitted_changes_and_changes_nothing_unless_forced()
    {
        Create(_ws);
        var id = RunExp("train.lr=0.5");
        _ws.Write("params.yaml", "# learning settings\ntrain:\n  lr: 0.1   # step size\n  depth: 5\n");
        var before = Snapshot(_ws);

        var refused = _ws.Cli("exp", "apply", id);

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("'exp apply' would overwrite changes not committed to git or recorded in ariadne.lock: params.yaml", refused.Error, StringComparison.Ordinal);
        Assert.Contains("--force", refused.Error, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(_ws));

        var forced = _ws.Cli("exp", "apply", id, "--force");
        Assert.Contains("lr: 0.5", _ws.Read("params.yaml"), StringComparison.Ordinal);
        Assert.Contains("depth: 5", _ws.Read("params.yaml"), StringComparison.Ordinal);

        // depth 5 with lr 0.5 never ran: the stage cannot come from the run cache, and apply says so instead of running it.
        Assert.Equal(1, forced.ExitCode);
        Assert.Contains("Stage 'train' not restored: its outputs for these inputs are not in the run cache", forced.Out, StringComparison.Ordinal);
        Assert.Equal("HELLO\n0.1 3\n", _ws.Read("model/weights.txt"));
    }

    [Fact]
    public void Exp_apply_refuses_a_run_that_is_not_an_experiment()
    {
        Create(_ws);
        var repro = Json(_ws.CliOk("repro", "--force", "--json")).GetProperty("run_id").GetString()!;

        var refused = _ws.Cli("exp", "apply", repro);

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("is not an experiment", refused.Error, StringComparison.Ordinal);
    }
}
