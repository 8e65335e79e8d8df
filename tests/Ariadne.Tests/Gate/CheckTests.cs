using System.Text.Json;
using Ariadne.Data.Holdout;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Gate;

/// <summary>
/// <c>ariadne check</c> on a real git repository: a baseline branch holds the pipeline's first metrics, the work
/// branch changes them, and a folder remote holds (or lacks) the data.
/// </summary>
public sealed class CheckTests : IDisposable
{
    private const string Pipeline = """
        stages:
          train:
            cmd: cp raw.csv model.bin && cp scores.src scores.json
            deps: [raw.csv, scores.src]
            outs: [model.bin]
            metrics: [scores.json]
        """;

    private readonly TestWorkspace _ws = new();

    public CheckTests()
    {
        _ws.Write("raw.csv", "x,y\n1,2\n");
        _ws.Write("ariadne.yaml", Pipeline);
        _ws.CliOk("add", "raw.csv");
        _ws.CliOk("remote", "add", "store", _ws.Outside("remote"), "--default");
        Score(0.91, 2.0);
        _ws.CliOk("push");
        _ws.Commit("baseline");
        _ws.Git("branch baseline");
    }

    public void Dispose() => _ws.Dispose();

    [Fact]
    public void Check_passes_when_the_pipeline_is_current_the_data_pushed_and_the_metric_within_its_threshold()
    {
        Score(0.90, 1.5); // 0.91 - 0.90 is 0.010000000000000009 in binary: still within a max drop of 0.01
        _ws.CliOk("push");
        _ws.Commit("a small drop");

        var result = _ws.Cli("check", "--baseline", "baseline", "--metric", "acc", "--max-drop", "0.01", "--metric", "loss", "--max-rise", "0");

        Assert.True(result.ExitCode == 0, result.Out + result.Error);
        Assert.StartsWith(Ariadne.Gate.GateReport.Marker, result.Out, StringComparison.Ordinal);
        Assert.Contains("Ariadne check passed (5 check(s))", result.Out, StringComparison.Ordinal);
        Assert.Contains("| metric acc (max drop 0.01) | ✅ pass | 0.91 at baseline → 0.9 now (-0.01, worse) |", result.Out, StringComparison.Ordinal);
        Assert.Contains("| metric loss (max rise 0) | ✅ pass | 2 at baseline → 1.5 now (-0.5, better) |", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_fails_when_a_metric_regressed_beyond_its_threshold_against_the_baseline_branch()
    {
        Score(0.85, 2.2);
        _ws.CliOk("push");
        _ws.Commit("worse");

        var result = _ws.Cli("check", "--baseline", "baseline", "--metric", "acc", "--max-drop", "0.01", "--metric", "loss", "--max-rise", "0.5", "--json");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        Assert.False(json.RootElement.GetProperty("passed").GetBoolean());
        var acc = Check(json, "metric acc (max drop 0.01)");
        Assert.False(acc.GetProperty("passed").GetBoolean());
        Assert.Equal(0.91, acc.GetProperty("metric").GetProperty("baseline").GetDouble());
        Assert.Equal(0.85, acc.GetProperty("metric").GetProperty("current").GetDouble());
        Assert.Equal("higher_is_better", acc.GetProperty("metric").GetProperty("direction").GetString());
        Assert.True(Check(json, "metric loss (max rise 0.5)").GetProperty("passed").GetBoolean());
        Assert.True(Check(json, "pipeline up to date").GetProperty("passed").GetBoolean());
        Assert.True(Check(json, "data pushed to 'store'").GetProperty("passed").GetBoolean());

        // The same comparison against HEAD (the default baseline) finds nothing to complain about.
        Assert.Equal(0, _ws.Cli("check", "--metric", "acc", "--max-drop", "0").ExitCode);
    }

    [Fact]
    public void Check_fails_when_tracked_data_or_a_pipeline_output_is_not_on_the_remote_and_passes_after_push()
    {
        _ws.Write("extra.csv", "a\n1\n");
        _ws.CliOk("add", "extra.csv");
        _ws.Write("raw.csv", "x,y\n3,4\n"); // new raw data, and so a new model.bin from the pipeline
        _ws.CliOk("add", "raw.csv");
        _ws.CliOk("repro");
        _ws.Commit("new data, not pushed");

        var result = _ws.Cli("check", "--report", "report.md");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("| data pushed to 'store' | ❌ fail | 3 tracked path(s) have data that is not on", result.Out, StringComparison.Ordinal);
        Assert.Contains("- extra.csv: 1 of 1 object(s) missing", result.Out, StringComparison.Ordinal);
        Assert.Contains("- raw.csv: 1 of 1 object(s) missing", result.Out, StringComparison.Ordinal);
        Assert.Contains("- model.bin: 1 of 1 object(s) missing", result.Out, StringComparison.Ordinal);
        Assert.Contains("Run 'ariadne push'", result.Out, StringComparison.Ordinal);
        Assert.Equal(result.Out, _ws.Read("report.md"));

        _ws.CliOk("push");
        Assert.Equal(0, _ws.Cli("check").ExitCode);
    }

    [Fact]
    public void Check_fails_when_the_pipeline_is_not_up_to_date_with_its_lock_file()
    {
        _ws.Write("scores.src", "{\"acc\": 0.99, \"loss\": 1}\n");

        var result = _ws.Cli("check", "--json");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var pipeline = Check(json, "pipeline up to date");
        Assert.False(pipeline.GetProperty("passed").GetBoolean());
        Assert.Equal("1 of 1 stage(s) changed since ariadne.lock: train", pipeline.GetProperty("summary").GetString());
        Assert.Contains(pipeline.GetProperty("details").EnumerateArray(), d => d.GetString()!.StartsWith("train: ", StringComparison.Ordinal) && d.GetString()!.Contains("scores.src", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_fails_when_a_sealed_test_set_was_read_past_its_budget()
    {
        var part = new string('a', 64);
        await using (var tracking = TrackingClient.Open(folder: _ws.Root))
        {
            await tracking.Store.RecordHoldoutReadAsync(new HoldoutRead(part, "test", "split/split.json", null, "m1", "accuracy", 1, null, DateTimeOffset.UtcNow), default);
        }

        Assert.Equal(0, _ws.Cli("check").ExitCode);

        await using (var tracking = TrackingClient.Open(folder: _ws.Root))
        {
            await tracking.Store.RecordHoldoutReadAsync(new HoldoutRead(part, "test", "split/split.json", null, "m2", "accuracy", 1, "one more look", DateTimeOffset.UtcNow), default);
        }

        var result = _ws.Cli("check");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("| sealed test set budget | ❌ fail | 1 sealed set(s) read past their budget: test |", result.Out, StringComparison.Ordinal);
        Assert.Contains("test (split/split.json, blake3 aaaaaaaaaaaa): 2 read(s) of a budget of 1", result.Out, StringComparison.Ordinal);
        Assert.Contains("model m2, metric accuracy, reason: one more look", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_fails_without_a_default_remote_and_refuses_a_metric_without_a_threshold()
    {
        _ws.CliOk("remote", "remove", "store");
        var result = _ws.Cli("check");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("| data pushed | ❌ fail | no default remote is configured", result.Out, StringComparison.Ordinal);

        var unpaired = _ws.Cli("check", "--metric", "acc");
        Assert.Equal(2, unpaired.ExitCode);
        Assert.Contains("--metric acc has no threshold", unpaired.Error, StringComparison.Ordinal);

        var unknown = _ws.Cli("check", "--baseline", "no-such-branch", "--metric", "acc", "--max-drop", "0.1");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("'no-such-branch' is not a commit", unknown.Error, StringComparison.Ordinal);

        var typo = _ws.Cli("check", "--metric", "accuracy", "--max-drop", "0.1", "--json");
        using var json = JsonDocument.Parse(typo.Out);
        Assert.Contains("metrics they hold: acc, loss", Check(json, "metric accuracy (max drop 0.1)").GetProperty("details").ToString(), StringComparison.Ordinal);
    }

    /// <summary>Writes the scores the train stage copies into its metrics file, and runs the pipeline.</summary>
    private void Score(double accuracy, double loss)
    {
        _ws.Write("scores.src", FormattableString.Invariant($"{{\"acc\": {accuracy}, \"loss\": {loss}}}\n"));
        _ws.CliOk("repro");
    }

    private static JsonElement Check(JsonDocument report, string name) =>
        report.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
}
