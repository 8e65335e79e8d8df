using System.Text.Json;
using Ariadne.Tests.Support;

namespace Ariadne.Tests.Pipelines;

public sealed class PipelineCommandsTests : IDisposable
{
    private const string Pipeline = """
        stages:
          prepare:
            cmd: cp raw.txt clean.txt
            deps: [raw.txt]
            outs: [clean.txt]
          train:
            cmd: cp clean.txt model.bin && cp scores.src scores.json
            deps: [clean.txt]
            params: [train.lr, train.epochs]
            outs: [model.bin]
            metrics: [scores.json]
          report:
            cmd: cat scores.json > report.txt
            deps: [scores.json, model.bin]
            outs: [report.txt]
        """;

    private readonly TestWorkspace _ws = new();

    public PipelineCommandsTests()
    {
        _ws.Write("raw.txt", "x\n");
        _ws.Write("params.yaml", "train:\n  lr: 0.1\n  epochs: 10\n");
        _ws.Write("scores.src", "{\"acc\": 0.5, \"loss\": 2}\n");
        _ws.Write("ariadne.yaml", Pipeline);
    }

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void Dag_lists_stages_in_dependency_order()
    {
        var result = _ws.CliOk("dag");

        Assert.Equal("prepare\ntrain  <- prepare\nreport  <- train\n", result.Out.Replace("\r", "", StringComparison.Ordinal));
    }

    [Fact]
    public void Dag_prints_mermaid_and_dot()
    {
        var mermaid = _ws.CliOk("dag", "--mermaid").Out;
        Assert.StartsWith("flowchart TD\n", mermaid, StringComparison.Ordinal);
        Assert.Contains("s0[\"prepare\"]", mermaid, StringComparison.Ordinal);
        Assert.Contains("s0 --> s1", mermaid, StringComparison.Ordinal);
        Assert.Contains("s1 --> s2", mermaid, StringComparison.Ordinal);

        var dot = _ws.CliOk("dag", "--dot").Out;
        Assert.StartsWith("digraph pipeline {", dot, StringComparison.Ordinal);
        Assert.Contains("\"prepare\" -> \"train\";", dot, StringComparison.Ordinal);
    }

    [Fact]
    public void Dag_json_names_upstream_stages()
    {
        using var json = JsonDocument.Parse(_ws.CliOk("dag", "--json").Out);
        var report = json.RootElement.EnumerateArray().Single(e => e.GetProperty("stage").GetString() == "report");
        Assert.Equal(["train"], report.GetProperty("upstream").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Params_diff_compares_with_the_last_commit()
    {
        _ws.Commit("v1");
        Assert.Contains("No parameter differs from HEAD.", _ws.CliOk("params", "diff").Out, StringComparison.Ordinal);

        _ws.Write("params.yaml", "train:\n  lr: 0.2\n  epochs: 10\n  batch: 32\n");
        using var json = JsonDocument.Parse(_ws.CliOk("params", "diff", "--json").Out);
        var rows = json.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("key").GetString()!, e => e);
        Assert.Equal(["train.batch", "train.lr"], rows.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(0.1, rows["train.lr"].GetProperty("old").GetDouble());
        Assert.Equal(0.2, rows["train.lr"].GetProperty("new").GetDouble());
        Assert.Equal(JsonValueKind.Null, rows["train.batch"].GetProperty("old").ValueKind);

        var table = _ws.CliOk("params", "diff").Out;
        Assert.Contains("train.lr", table, StringComparison.Ordinal);
        Assert.Contains("+0.1", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Metrics_show_and_diff_read_the_stages_metrics_files()
    {
        _ws.CliOk("repro");
        using (var shown = JsonDocument.Parse(_ws.CliOk("metrics", "show", "--json").Out))
        {
            var acc = shown.RootElement.EnumerateArray().Single(e => e.GetProperty("key").GetString() == "acc");
            Assert.Equal("scores.json", acc.GetProperty("path").GetString());
            Assert.Equal(0.5, acc.GetProperty("value").GetDouble());
        }

        _ws.Commit("v1");
        _ws.Write("scores.src", "{\"acc\": 0.75, \"loss\": 2}\n");
        _ws.CliOk("repro", "--force");
        using var diff = JsonDocument.Parse(_ws.CliOk("metrics", "diff", "--json").Out);
        var row = Assert.Single(diff.RootElement.EnumerateArray());
        Assert.Equal("acc", row.GetProperty("key").GetString());
        Assert.Equal(0.5, row.GetProperty("old").GetDouble());
        Assert.Equal(0.75, row.GetProperty("new").GetDouble());
        Assert.Contains("+0.25", _ws.CliOk("metrics", "diff").Out, StringComparison.Ordinal);
        Assert.Equal(2, diff.RootElement.GetArrayLength() + 1);
        Assert.Contains("loss", _ws.CliOk("metrics", "diff", "--all").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Repro_json_gives_every_stage_with_its_result_and_reasons()
    {
        using (var dry = JsonDocument.Parse(_ws.CliOk("repro", "--dry-run", "--json").Out))
        {
            var stages = dry.RootElement.GetProperty("stages").EnumerateArray().ToList();
            Assert.Equal(["prepare", "train", "report"], stages.Select(s => s.GetProperty("stage").GetString()));
            Assert.All(stages, s => Assert.Equal("would_run", s.GetProperty("result").GetString()));
        }

        using var run = JsonDocument.Parse(_ws.CliOk("repro", "--json").Out);
        Assert.True(run.RootElement.GetProperty("succeeded").GetBoolean());
        Assert.True(run.RootElement.TryGetProperty("run_id", out _));
        Assert.All(run.RootElement.GetProperty("stages").EnumerateArray(), s => Assert.Equal("ran", s.GetProperty("result").GetString()));
    }

    [Fact]
    public void Diff_against_an_unknown_revision_says_so()
    {
        _ws.Commit("v1");
        var result = _ws.Cli("params", "diff", "no-such-rev");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("no-such-rev", result.Error, StringComparison.Ordinal);
    }
}
