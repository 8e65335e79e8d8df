using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Ariadne.Monitoring;
using Ariadne.Registry;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Monitoring;

/// <summary>
/// What a careless user (or an attacker) does to <c>ariadne monitor labels</c> and <c>monitor run</c>, tried through
/// the real CLI, and true multiclass AUC from per-class probability columns. Expected metrics come from scikit-learn
/// 1.2.1 (Debian's python3-sklearn), run independently; the script is in each test's comment.
/// </summary>
public sealed class TrialsMonitorTests : IDisposable
{
    private static readonly DateTimeOffset Day1 = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    // Nine rows of three classes: truth, prediction and each class's probability (rows sum to 1).
    private static readonly string[] Truth = ["a", "a", "a", "b", "b", "b", "c", "c", "c"];
    private static readonly string[] Predicted = ["a", "b", "a", "b", "c", "b", "c", "b", "c"];
    private static readonly double[][] Probabilities =
    [
        [.7, .2, .1], [.3, .5, .2], [.6, .3, .1], [.2, .6, .2], [.1, .4, .5], [.3, .6, .1], [.2, .2, .6], [.2, .5, .3], [.1, .3, .6],
    ];

    private async Task RegisterAsync(TrackingClient tracking, string name)
    {
        _ws.Write("model/model.zip", "weights");
        await using var run = await tracking.StartRunAsync(name, "train");
        await run.RegisterModelAsync(name, _ws.Path("model"), alias: "champion");
    }

    /// <summary>
    /// One prediction-log batch in the format before the <c>row</c> column (the row ids in an <c>id</c> column, which the
    /// monitor and <c>monitor labels</c> still read), with optional extra columns such as score.{class}.
    /// </summary>
    private static async Task LogBatchAsync(TrackingClient tracking, string model, string[] ids, Array predictions, double?[] scores, IReadOnlyList<(string, Array)> extra)
    {
        await using var run = await tracking.StartNewRunAsync(MonitoringNames.ServingExperiment, $"serve {model}@champion", null, new Dictionary<string, string>
        {
            [MonitoringNames.ServingModelTag] = model,
            ["ariadne.serving.instance"] = $"pid {Environment.ProcessId}",
        });
        var times = ids.Select((_, i) => Day1.AddMinutes(i).ToUnixTimeMilliseconds()).ToArray();
        var columns = new List<(string, Array)>
        {
            ("id", ids.Select(i => (string?)i).ToArray()),
            ("request_id", ids.Select(i => (string?)i).ToArray()),
            ("time", times),
            ("model_version", ids.Select(_ => 1).ToArray()),
            ("input.x", ids.Select((_, i) => (double?)i).ToArray()),
            ("prediction", predictions),
            ("score", scores),
        };
        columns.AddRange(extra);
        var file = Path.Combine(Path.GetTempPath(), $"ariadne-trial-{Guid.NewGuid():N}.parquet");
        try
        {
            await ParquetColumns.WriteAsync(file, columns);
            await run.LogArtifactAsync(file, $"predictions/v1/{times[0].ToString("D13", CultureInfo.InvariantCulture)}-000001.parquet");
        }
        finally
        {
            File.Delete(file);
        }

        await run.EndAsync();
    }

    private async Task LogThreeClassesAsync(bool perClassProbabilities)
    {
        await using var tracking = TrackingClient.Open(folder: _ws.Root);
        await RegisterAsync(tracking, "iris");
        var ids = Truth.Select((_, i) => $"r{i}").ToArray();
        var scores = Predicted.Select((p, i) => (double?)Probabilities[i]["abc".IndexOf(p[0], StringComparison.Ordinal)]).ToArray();
        var extra = perClassProbabilities
            ? "abc".Select((c, k) => ($"score.{c}", (Array)Probabilities.Select(p => (double?)p[k]).ToArray())).ToList()
            : [];
        await LogBatchAsync(tracking, "iris", ids, Predicted.Select(p => (string?)p).ToArray(), scores, extra);
        _ws.Write("reference.csv", "x\n0\n1\n2\n3\n4\n5\n6\n7\n8\n");
        _ws.Write("labels.csv", "id,label\n" + string.Concat(Truth.Select((t, i) => $"r{i},{t}\n")));
        _ws.CliOk("monitor", "labels", "labels.csv", "--id", "id", "--label", "label", "iris");
    }

    [Fact]
    public async Task Multiclass_auc_is_macro_one_vs_rest_over_the_score_class_columns_as_scikit_learn_computes_it()
    {
        await LogThreeClassesAsync(perClassProbabilities: true);

        var report = JsonDocument.Parse(_ws.CliOk("monitor", "run", "models:/iris/1", "--reference", "reference.csv", "--json").Out).RootElement.GetProperty("report");

        // python3: from sklearn.metrics import *; y=list("aaabbbccc"); p=list("ababcbcbc"); P=[rows above]
        //   accuracy_score(y,p) = 0.6666666666666666; f1_score(y,p,average='macro') = 0.6793650793650793
        //   roc_auc_score(y,P,multi_class='ovr',average='macro') = 0.9351851851851851 (a 0.9722…, b 0.8888…, c 0.9444…)
        var perf = report.GetProperty("windows")[0].GetProperty("performance");
        Assert.Equal(9, perf.GetProperty("labelled_rows").GetInt64());
        Assert.Equal(0.6666666666666666, perf.GetProperty("accuracy").GetDouble(), 12);
        Assert.Equal(0.6793650793650793, perf.GetProperty("f1").GetDouble(), 12);
        Assert.Equal(0.9351851851851851, perf.GetProperty("auc").GetDouble(), 12);
        Assert.False(perf.TryGetProperty("auc_note", out _));
    }

    [Fact]
    public async Task Multiclass_without_per_class_probabilities_reports_no_auc_and_says_why()
    {
        await LogThreeClassesAsync(perClassProbabilities: false);

        var result = _ws.CliOk("monitor", "run", "models:/iris/1", "--reference", "reference.csv", "--json");

        var report = JsonDocument.Parse(result.Out).RootElement.GetProperty("report");
        var perf = report.GetProperty("windows")[0].GetProperty("performance");
        Assert.Equal(0.6793650793650793, perf.GetProperty("f1").GetDouble(), 12);
        Assert.Equal(JsonValueKind.Null, perf.GetProperty("auc").ValueKind);
        Assert.Contains("score.a", perf.GetProperty("auc_note").GetString(), StringComparison.Ordinal);
        Assert.Contains(report.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("macro one-vs-rest", StringComparison.Ordinal));
        await using var tracking = TrackingClient.Open(folder: _ws.Root);
        var run = await tracking.Store.GetRunAsync(JsonDocument.Parse(result.Out).RootElement.GetProperty("run_id").GetString()!, default);
        Assert.DoesNotContain(run.LatestMetrics, m => m.Key == "auc"); // no made-up number in the store either
        Assert.Contains(run.LatestMetrics, m => m.Key == "f1");
    }

    [Fact]
    public void Binary_auc_from_the_predicted_class_score_matches_scikit_learn_and_per_class_columns_give_the_same()
    {
        // python3: roc_auc_score(["yes","no","no","yes","yes","no"], [0.9,0.2,0.7,0.4,0.6,0.1]) = 0.7777777777777779
        // (P(yes) = score when "yes" was predicted, else 1 − score), f1_score(..., average='macro') = 0.6666666666666666.
        string[] truth = ["yes", "no", "no", "yes", "yes", "no"], predicted = ["yes", "yes", "no", "no", "yes", "no"];
        double[] scores = [0.9, 0.8, 0.7, 0.6, 0.6, 0.9];
        var top = WindowPerformance.Classification(predicted, truth, scores);
        var perClass = WindowPerformance.Classification(predicted, truth, [.. scores.Select(_ => double.NaN)], ["no", "yes"],
            [.. predicted.Select((p, i) => (double[]?)(p == "yes" ? [1 - scores[i], scores[i]] : [scores[i], 1 - scores[i]]))]);

        Assert.Equal(0.7777777777777779, top.Auc!.Value, 12);
        Assert.Equal(0.6666666666666666, top.F1!.Value, 12);
        Assert.Equal(0.7777777777777779, perClass.Auc!.Value, 12);
        Assert.Null(top.AucNote);
    }

    [Fact]
    public async Task Labels_with_a_missing_column_name_the_columns_the_file_has()
    {
        await using (var tracking = TrackingClient.Open(folder: _ws.Root))
        {
            await RegisterAsync(tracking, "churn");
        }

        _ws.Write("labels.csv", "row,truth\nr1,yes\n");

        var result = _ws.Cli("monitor", "labels", "labels.csv", "--id", "id", "--label", "truth", "churn");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'id'", result.Error, StringComparison.Ordinal);
        Assert.Contains("row", result.Error, StringComparison.Ordinal);
        Assert.Contains("truth", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Labels_from_an_empty_file_a_header_only_file_or_a_file_that_is_not_a_table_are_refused_and_nothing_is_stored()
    {
        await using (var tracking = TrackingClient.Open(folder: _ws.Root))
        {
            await RegisterAsync(tracking, "churn");
        }

        _ws.Write("empty.csv", "");
        _ws.Write("header.csv", "id,label\n");
        File.WriteAllBytes(_ws.Path("labels.parquet"), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 1, 2, 3]);

        var empty = _ws.Cli("monitor", "labels", "empty.csv", "--id", "id", "--label", "label", "churn");
        var header = _ws.Cli("monitor", "labels", "header.csv", "--id", "id", "--label", "label", "churn");
        var binary = _ws.Cli("monitor", "labels", "labels.parquet", "--id", "id", "--label", "label", "churn");

        Assert.Equal(2, empty.ExitCode);
        Assert.Contains("the file is empty", empty.Error, StringComparison.Ordinal);
        Assert.Equal(2, header.ExitCode);
        Assert.Contains("no row has both an id and a label (0 row(s) read)", header.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, binary.ExitCode);
        Assert.NotEqual(70, binary.ExitCode); // a clear error, not a crash
        Assert.Contains("labels.parquet", binary.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", binary.Error, StringComparison.Ordinal);
        await using var check = TrackingClient.Open(folder: _ws.Root);
        Assert.Null(await check.Store.GetExperimentByNameAsync(MonitoringNames.MonitoringExperiment, default));
    }

    [Fact]
    public async Task Duplicate_and_unknown_label_ids_are_counted_with_examples_and_the_last_row_of_an_id_wins()
    {
        await using (var tracking = TrackingClient.Open(folder: _ws.Root))
        {
            await RegisterAsync(tracking, "churn");
            await LogBatchAsync(tracking, "churn", ["r1", "r2"], new string?[] { "yes", "no" }, [0.9, 0.8], []);
        }

        _ws.Write("reference.csv", "x\n0\n1\n");
        _ws.Write("labels.csv", "id,label\nr1,no\nr2,no\nr1,yes\nghost,yes\nr2,no\n");

        var result = _ws.CliOk("monitor", "labels", "labels.csv", "--id", "id", "--label", "label", "churn", "--json");

        var json = JsonDocument.Parse(result.Out).RootElement;
        Assert.Equal(5, json.GetProperty("rows").GetInt64());
        Assert.Equal(3, json.GetProperty("labels").GetInt64());
        Assert.Equal(2, json.GetProperty("duplicates").GetInt64());
        Assert.Equal(["r1", "r2"], json.GetProperty("duplicate_examples").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1, json.GetProperty("unknown").GetInt64());
        Assert.Equal(["ghost"], json.GetProperty("unknown_examples").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("classifier", json.GetProperty("model_kind").GetString());
        Assert.Contains("2 row(s) repeat an id", result.Error, StringComparison.Ordinal);
        Assert.Contains("1 label id(s) match no logged prediction", result.Error, StringComparison.Ordinal);

        // r1's last label is "yes" (predicted yes), r2's "no" (predicted no): accuracy 1.
        var report = JsonDocument.Parse(_ws.CliOk("monitor", "run", "models:/churn/1", "--reference", "reference.csv", "--json").Out).RootElement.GetProperty("report");
        Assert.Equal(1.0, report.GetProperty("windows")[0].GetProperty("performance").GetProperty("accuracy").GetDouble());
    }

    [Fact]
    public async Task Text_labels_for_a_regressor_are_refused_with_examples_and_nothing_is_stored()
    {
        await using (var tracking = TrackingClient.Open(folder: _ws.Root))
        {
            await RegisterAsync(tracking, "price");
            await LogBatchAsync(tracking, "price", ["a", "b", "c"], new double[] { 1, 2, 3 }, [null, null, null], []);
        }

        _ws.Write("truth.csv", "id,price\na,1.5\nb,cheap\nc,expensive\n");

        var result = _ws.Cli("monitor", "labels", "truth.csv", "--id", "id", "--label", "price", "price");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("2 label(s) are not numbers (e.g. 'cheap', 'expensive')", result.Error, StringComparison.Ordinal);
        Assert.Contains("regressor", result.Error, StringComparison.Ordinal);
        await using var check = TrackingClient.Open(folder: _ws.Root);
        var experiment = await check.Store.GetExperimentByNameAsync(MonitoringNames.MonitoringExperiment, default);
        Assert.True(experiment is null || (await check.Store.SearchRunsAsync(new RunSearch([experiment.ExperimentId], "tags.`ariadne.monitor.kind` = 'labels'"), default)).Runs.Count == 0);
    }

    [Fact]
    public async Task Storing_the_same_labels_twice_is_harmless_the_metrics_are_the_same()
    {
        await using (var tracking = TrackingClient.Open(folder: _ws.Root))
        {
            await RegisterAsync(tracking, "churn");
            await LogBatchAsync(tracking, "churn", ["r1", "r2", "r3"], new string?[] { "yes", "no", "yes" }, [0.9, 0.8, 0.6], []);
        }

        _ws.Write("reference.csv", "x\n0\n1\n2\n");
        _ws.Write("labels.csv", "id,label\nr1,yes\nr2,yes\nr3,no\n");
        _ws.CliOk("monitor", "labels", "labels.csv", "--id", "id", "--label", "label", "churn");
        var once = JsonDocument.Parse(_ws.CliOk("monitor", "run", "models:/churn/1", "--reference", "reference.csv", "--json").Out).RootElement;
        _ws.CliOk("monitor", "labels", "labels.csv", "--id", "id", "--label", "label", "churn");
        var twice = JsonDocument.Parse(_ws.CliOk("monitor", "run", "models:/churn/1", "--reference", "reference.csv", "--json").Out).RootElement;

        var a = once.GetProperty("report").GetProperty("windows")[0].GetProperty("performance");
        var b = twice.GetProperty("report").GetProperty("windows")[0].GetProperty("performance");
        Assert.Equal(a.GetRawText(), b.GetRawText());
        Assert.Equal(3, b.GetProperty("labelled_rows").GetInt64());
    }

    [Theory]
    [InlineData("0d")]
    [InlineData("-1h")]
    [InlineData("1x")]
    [InlineData("d")]
    public void A_window_that_is_not_a_positive_length_is_a_usage_error_saying_how_to_write_one(string window)
    {
        var result = _ws.Cli("monitor", "run", "models:/churn@champion", "--window", window);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"'{window}' is not a window length. Write a number and a unit", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reference_without_any_of_the_model_inputs_is_an_error_naming_both_column_sets()
    {
        await using (var tracking = TrackingClient.Open(folder: _ws.Root))
        {
            await RegisterAsync(tracking, "churn");
            await LogBatchAsync(tracking, "churn", ["r1", "r2"], new string?[] { "yes", "no" }, [0.9, 0.8], []);
        }

        _ws.Write("other.csv", "temperature,wind\n1,2\n3,4\n");

        var result = _ws.Cli("monitor", "run", "models:/churn/1", "--reference", "other.csv");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("the reference shares no column with the model's inputs", result.Error, StringComparison.Ordinal);
        Assert.Contains("inputs x;", result.Error, StringComparison.Ordinal);
        Assert.Contains("the columns temperature, wind", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_version_registered_from_a_workspace_path_asks_for_a_reference_and_monitors_with_one()
    {
        _ws.Write("model/model.zip", "weights");
        _ws.CliOk("models", "register", "local", "model");
        await using (var tracking = TrackingClient.Open(folder: _ws.Root))
        {
            await LogBatchAsync(tracking, "local", ["r1", "r2"], new string?[] { "yes", "no" }, [0.9, 0.8], []);
        }

        _ws.Write("reference.csv", "x\n0\n1\n");

        var without = _ws.Cli("monitor", "run", "models:/local/1");
        var with = _ws.Cli("monitor", "run", "models:/local/1", "--reference", "reference.csv");

        Assert.Equal(2, without.ExitCode);
        Assert.Contains("it was registered from a workspace path, not from a run", without.Error, StringComparison.Ordinal);
        Assert.Contains("--reference FILE", without.Error, StringComparison.Ordinal);
        Assert.True(with.ExitCode == 0, with.Error);
    }

    [Fact]
    public async Task A_monitor_run_left_running_by_a_killed_process_is_marked_killed_by_the_next_monitor_run()
    {
        // A process that is gone, as kill -9 leaves it: its pid no longer exists.
        using var gone = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await gone.WaitForExitAsync();
        string orphan;
        await using (var tracking = TrackingClient.Open(folder: _ws.Root))
        {
            await RegisterAsync(tracking, "churn");
            await LogBatchAsync(tracking, "churn", ["r1", "r2"], new string?[] { "yes", "no" }, [0.9, 0.8], []);
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            var info = await tracking.Store.CreateRunInExperimentAsync(MonitoringNames.MonitoringExperiment, new NewRun("", "monitor churn v1", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), "test", null,
            [
                new RunTag(MonitoringNames.KindTag, "run"),
                new RunTag(TrackingKeys.HostTag, Environment.MachineName),
                new RunTag(TrackingKeys.PidTag, gone.Id.ToString(CultureInfo.InvariantCulture)),
                new RunTag(TrackingKeys.HeartbeatTag, now),
            ]), default);
            orphan = info.RunId;
        }

        _ws.Write("reference.csv", "x\n0\n1\n");
        _ws.CliOk("monitor", "run", "models:/churn/1", "--reference", "reference.csv");

        await using var check = TrackingClient.Open(folder: _ws.Root);
        Assert.Equal(RunStatus.Killed, (await check.Store.GetRunAsync(orphan, default)).Info.Status);
    }
}
