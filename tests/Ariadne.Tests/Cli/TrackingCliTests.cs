using System.Diagnostics;
using System.Text.Json;
using Ariadne.Tests.Support;

namespace Ariadne.Tests.Cli;

public sealed class TrackingCliTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    private string RunId(string name) =>
        JsonDocument.Parse(_ws.CliOk("runs", "list", "--json").Out).RootElement.GetProperty("runs").EnumerateArray()
            .Single(r => r.GetProperty("info").GetProperty("run_name").GetString() == name).GetProperty("info").GetProperty("run_id").GetString()!;

    [Fact]
    public void Ariadne_run_tracks_any_command_with_params_status_log_and_metrics_file()
    {
        var ok = _ws.Cli("run", "-e", "demo", "-n", "good", "-p", "lr=0.01", "-m", "metrics.json", "--",
            "sh", "-c", "echo \"child sees $ARIADNE_RUN_ID\"; echo '{\"val\": {\"acc\": 0.93}}' > metrics.json");
        var bad = _ws.Cli("run", "-e", "demo", "-n", "bad", "-p", "lr=0.1", "-m", "metrics.json", "--", "sh", "-c", "echo broken >&2; exit 4");

        Assert.Equal(0, ok.ExitCode);
        Assert.Equal(4, bad.ExitCode);
        var shown = JsonDocument.Parse(_ws.CliOk("runs", "show", RunId("good"), "--json").Out).RootElement;
        var good = shown.GetProperty("run");
        Assert.Equal("FINISHED", good.GetProperty("info").GetProperty("status").GetString());
        Assert.Contains(good.GetProperty("data").GetProperty("metrics").EnumerateArray(), m => m.GetProperty("key").GetString() == "val.acc" && m.GetProperty("value").GetDouble() == 0.93);
        Assert.Contains(shown.GetProperty("artifacts").EnumerateArray(), a => a.GetProperty("path").GetString() == "logs/output.log");
        Assert.Contains($"child sees {RunId("good")}", ok.Out, StringComparison.Ordinal);
        var failed = JsonDocument.Parse(_ws.CliOk("runs", "show", RunId("bad"), "--json").Out).RootElement.GetProperty("run");
        Assert.Equal("FAILED", failed.GetProperty("info").GetProperty("status").GetString());
        Assert.Empty(failed.GetProperty("data").GetProperty("metrics").EnumerateArray()); // the old metrics.json is not taken again
    }

    [Fact]
    public void Ariadne_run_records_the_exit_code_and_keeps_arguments_and_output_as_given()
    {
        var result = _ws.Cli("run", "-n", "args", "--", "sh", "-c", "printf '%s|' \"$@\"; exit 3", "sh", "two words", "it's \"quoted\"", "ünïcødé");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("two words|it's \"quoted\"|ünïcødé|", result.Out, StringComparison.Ordinal);
        var run = JsonDocument.Parse(_ws.CliOk("runs", "show", RunId("args"), "--json").Out).RootElement.GetProperty("run");
        Assert.Contains(run.GetProperty("data").GetProperty("tags").EnumerateArray(), t => t.GetProperty("key").GetString() == "ariadne.run.exit_code" && t.GetProperty("value").GetString() == "3");
    }

    [Fact]
    public void Ariadne_run_with_a_missing_program_says_so_and_records_no_run()
    {
        var missing = _ws.Cli("run", "-n", "typo", "--", "pythn3-not-installed", "train.py");

        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("Could not start 'pythn3-not-installed'", missing.Error, StringComparison.Ordinal);
        Assert.Contains("PATH", missing.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("typo", _ws.CliOk("runs", "list").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Runs_list_filters_with_or_and_in_orders_and_prints_csv()
    {
        foreach (var (name, lr, acc) in new[] { ("a", "0.1", "0.5"), ("b", "0.01", "0.9"), ("c", "0.001", "0.7") })
        {
            _ws.CliOk("run", "-e", "grid", "-n", name, "-p", $"lr={lr}", "-m", $"{name}.json", "--", "sh", "-c", $"echo '{{\"acc\": {acc}}}' > {name}.json");
        }

        var csv = _ws.CliOk("runs", "list", "-e", "grid", "--filter", "metrics.acc > 0.8 or params.lr IN ('0.1')", "--order-by", "metrics.acc DESC", "--csv", "--columns", "run_name,params.lr,metrics.acc").Out;

        Assert.Equal(["run_name,params.lr,metrics.acc", "b,0.01,0.9", "a,0.1,0.5"], csv.Trim().Split('\n'));
        var invalid = _ws.Cli("runs", "list", "--filter", "metrics.acc >> 1");
        Assert.Equal(2, invalid.ExitCode);
        Assert.Contains("position", invalid.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Runs_compare_highlights_differing_params_and_export_has_full_history()
    {
        _ws.CliOk("run", "-n", "x", "-p", "lr=0.1", "-p", "depth=3", "--", "true");
        _ws.CliOk("run", "-n", "y", "-p", "lr=0.2", "-p", "depth=3", "--", "true");

        var compare = JsonDocument.Parse(_ws.CliOk("runs", "compare", RunId("x"), RunId("y"), "--json").Out).RootElement;
        Assert.True(compare.GetProperty("params").GetProperty("lr").GetProperty("differs").GetBoolean());
        Assert.False(compare.GetProperty("params").TryGetProperty("depth", out _));

        var file = _ws.Path("export.json");
        _ws.CliOk("runs", "export", RunId("x"), "-o", file);
        var exported = JsonDocument.Parse(File.ReadAllText(file)).RootElement;
        Assert.Equal("ariadne-runs/2", exported.GetProperty("format").GetString());
        Assert.Equal("x", exported.GetProperty("runs")[0].GetProperty("run").GetProperty("info").GetProperty("run_name").GetString());
        Assert.Equal(JsonValueKind.Object, exported.GetProperty("runs")[0].GetProperty("metric_history").ValueKind);
    }

    [Fact]
    public void Experiments_can_be_created_renamed_deleted_and_restored()
    {
        _ws.CliOk("experiments", "create", "first");
        _ws.CliOk("experiments", "rename", "first", "second");
        _ws.CliOk("experiments", "delete", "second");
        Assert.DoesNotContain("second", _ws.CliOk("experiments", "list").Out, StringComparison.Ordinal);
        Assert.Contains("second", _ws.CliOk("experiments", "list", "--all").Out, StringComparison.Ordinal);
        _ws.CliOk("experiments", "restore", "second");

        var list = JsonDocument.Parse(_ws.CliOk("experiments", "list", "--json").Out).RootElement;
        Assert.Contains(list.EnumerateArray(), e => e.GetProperty("name").GetString() == "second");
        var duplicate = _ws.Cli("experiments", "create", "second");
        Assert.Equal(2, duplicate.ExitCode);
        Assert.Contains("already exists", duplicate.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Datasets_tag_names_a_version_and_show_lists_the_runs_that_read_it_with_roles()
    {
        _ws.Write("data/penguins.csv", "species\nAdelie\n");
        _ws.CliOk("add", "data/penguins.csv");
        _ws.Commit("data");
        var tagged = _ws.CliOk("datasets", "tag", "data/penguins.csv.ari", "penguins@v1");
        Assert.Contains("git", tagged.Out, StringComparison.Ordinal);
        _ws.CliOk("run", "-n", "reader", "-i", "train=data/penguins.csv.ari", "--", "true");

        var shown = JsonDocument.Parse(_ws.CliOk("datasets", "show", "penguins@v1", "--json").Out).RootElement;

        Assert.Equal(_ws.Git("rev-parse HEAD").Trim(), shown.GetProperty("git_commit").GetString());
        var use = Assert.Single(shown.GetProperty("runs").EnumerateArray());
        Assert.Equal(("reader", "train"), (use.GetProperty("run_name").GetString(), use.GetProperty("role").GetString()));
        var listed = JsonDocument.Parse(_ws.CliOk("datasets", "list", "--json").Out).RootElement;
        Assert.Equal(1, listed[0].GetProperty("runs").GetArrayLength());
    }

    [Fact]
    public void A_run_whose_process_was_killed_shows_as_killed_the_next_time_anyone_looks()
    {
        using var process = Process.Start(CliRunner.ProcessStart(_ws.Root, "run", "-n", "doomed", "--", "sleep", "60"))!;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var running = false;
        while (DateTime.UtcNow < deadline && !process.HasExited && !(running = _ws.CliOk("runs", "list", "--csv", "-c", "run_name,status").Out.Contains("doomed,RUNNING", StringComparison.Ordinal)))
        {
            Thread.Sleep(100);
        }

        var exitedEarly = process.HasExited;
        process.Kill(entireProcessTree: true); // SIGKILL: ariadne gets no chance to end the run
        process.WaitForExit();
        Assert.True(running && !exitedEarly, "the run never showed as RUNNING while its process was alive, so nothing was killed");
        Assert.Equal(Interrupt.KilledExitCode, process.ExitCode);

        Assert.Contains("doomed,KILLED", _ws.CliOk("runs", "list", "--csv", "-c", "run_name,status").Out, StringComparison.Ordinal);
    }

    public void Dispose() => _ws.Dispose();
}
