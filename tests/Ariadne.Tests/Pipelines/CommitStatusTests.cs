using System.Text.Json;
using Ariadne.Tests.Support;

namespace Ariadne.Tests.Pipelines;

/// <summary>ariadne commit (record outputs without running) and the stage part of ariadne status.</summary>
public sealed class CommitStatusTests : IDisposable
{
    private const string Pipeline = """
        stages:
          prepare:
            cmd: cp raw.txt clean.txt
            deps: [raw.txt]
            outs: [clean.txt]
          train:
            cmd: cp clean.txt model.bin
            deps: [clean.txt]
            params: [train.lr]
            outs: [model.bin]
        """;

    private readonly TestWorkspace _ws = new();

    public CommitStatusTests()
    {
        _ws.Write("raw.txt", "x\n");
        _ws.Write("params.yaml", "train:\n  lr: 0.1\n");
        _ws.Write("ariadne.yaml", Pipeline);
    }

    public void Dispose() => _ws.Dispose();

    private Dictionary<string, JsonElement> Stages() =>
        JsonDocument.Parse(_ws.CliOk("status", "--json").Out).RootElement.EnumerateArray()
            .Where(e => e.TryGetProperty("stage", out _))
            .ToDictionary(e => e.GetProperty("stage").GetString()!, e => e.Clone());

    [Fact]
    public void Status_reports_stages_whose_dependencies_params_or_outputs_changed()
    {
        var fresh = Stages();
        Assert.Equal("changed", fresh["prepare"].GetProperty("state").GetString());
        Assert.Contains("it has not run yet", fresh["prepare"].GetProperty("changes")[0].GetString(), StringComparison.Ordinal);

        _ws.CliOk("repro");
        Assert.All(Stages().Values, s => Assert.Equal("unchanged", s.GetProperty("state").GetString()));
        Assert.Contains("Pipeline: all 2 stage(s) up to date", _ws.CliOk("status").Out, StringComparison.Ordinal);

        _ws.Write("raw.txt", "y\n");
        _ws.Write("params.yaml", "train:\n  lr: 0.2\n");
        var changed = Stages();
        Assert.Equal(["dependency 'raw.txt' changed"], changed["prepare"].GetProperty("changes").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["param 'train.lr' changed (0.1 -> 0.2)"], changed["train"].GetProperty("changes").EnumerateArray().Select(c => c.GetString()));

        var text = _ws.CliOk("status", "train").Out;
        Assert.Contains("stage train: changed\n    param 'train.lr' changed (0.1 -> 0.2)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("prepare", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Commit_records_hand_made_outputs_so_repro_has_nothing_to_run()
    {
        _ws.CliOk("repro");
        _ws.Write("clean.txt", "fixed by hand\n");
        Assert.Equal(["output 'clean.txt' was changed"], Stages()["prepare"].GetProperty("changes").EnumerateArray().Select(c => c.GetString()));

        var commit = JsonDocument.Parse(_ws.CliOk("commit", "prepare", "--json").Out).RootElement;

        Assert.Single(commit.EnumerateArray());
        Assert.True(commit[0].GetProperty("committed").GetBoolean());
        var hash = commit[0].GetProperty("outs")[0].GetProperty("blake3").GetString()!;
        Assert.Contains(hash, _ws.Read("ariadne.lock"), StringComparison.Ordinal);
        Assert.True(File.Exists(_ws.Path($".ariadne/cache/objects/{hash[..2]}/{hash[2..]}")));
        Assert.Equal("unchanged", Stages()["prepare"].GetProperty("state").GetString());

        // train depends on clean.txt, which changed: it still has to run, and commit of all stages records it too.
        Assert.Equal("changed", Stages()["train"].GetProperty("state").GetString());
        _ws.Write("model.bin", "fixed by hand\n");
        _ws.CliOk("commit");
        Assert.All(Stages().Values, s => Assert.Equal("unchanged", s.GetProperty("state").GetString()));
        Assert.Contains("is up to date", _ws.CliOk("repro").Out, StringComparison.Ordinal);
        Assert.Equal("fixed by hand\n", _ws.Read("model.bin"));

        // Stored as a run would store it: the run cache brings the committed output back for the same inputs.
        File.Delete(_ws.Path("clean.txt"));
        Assert.Contains("restored from the run cache", _ws.CliOk("repro", "prepare").Out, StringComparison.Ordinal);
        Assert.Equal("fixed by hand\n", _ws.Read("clean.txt"));
    }

    [Fact]
    public void Commit_refuses_missing_outputs_and_unknown_stages_and_writes_nothing()
    {
        var missing = _ws.Cli("commit");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("output 'clean.txt' does not exist", missing.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_ws.Path("ariadne.lock")));

        var unknown = _ws.Cli("commit", "trian");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("No stage named 'trian'", unknown.Error, StringComparison.Ordinal);
        Assert.Contains("train", unknown.Error, StringComparison.Ordinal);
    }
}
