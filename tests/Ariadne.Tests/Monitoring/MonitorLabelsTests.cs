using System.Text.Json;
using Ariadne.Monitoring;
using Ariadne.Registry;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Monitoring;

/// <summary>
/// <c>ariadne monitor labels</c> joins true labels with logged predictions by row id, reports ids no prediction had,
/// and <c>monitor run</c> then computes the model's metrics per window; the expected values are worked out by hand below.
/// </summary>
public sealed class MonitorLabelsTests : IDisposable
{
    private static readonly DateTimeOffset Day1 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private async Task RegisterAsync(TrackingClient tracking, string name)
    {
        _ws.Write("model/model.zip", "weights");
        await using var run = await tracking.StartRunAsync(name, "train");
        await run.RegisterModelAsync(name, _ws.Path("model"), alias: "champion");
    }

    [Fact]
    public async Task Labels_joined_by_row_id_give_accuracy_macro_f1_and_auc_per_window_and_unknown_ids_are_reported()
    {
        await using (var tracking = TrackingClient.Open(folder: _ws.Root))
        {
            await RegisterAsync(tracking, "churn");
            var log = new PredictionLogBatches(tracking, "churn");
            // Day 1: six rows of one request (ids req-1/0 … req-1/5). Day 2: two rows, only one of them labelled.
            string[] ids = ["req-1/0", "req-1/1", "req-1/2", "req-1/3", "req-1/4", "req-1/5"];
            await log.WriteAsync(1, ids, [.. ids.Select((_, i) => Day1.AddMinutes(i).ToUnixTimeMilliseconds())],
                new Dictionary<string, Array> { ["x"] = new double?[] { 1, 2, 3, 4, 5, 6 } },
                new string?[] { "yes", "yes", "no", "no", "yes", "no" }, [0.9, 0.8, 0.7, 0.6, 0.6, 0.9]);
            await log.WriteAsync(1, ["req-2", "req-3"], [Day1.AddDays(1).ToUnixTimeMilliseconds(), Day1.AddDays(1).AddMinutes(1).ToUnixTimeMilliseconds()],
                new Dictionary<string, Array> { ["x"] = new double?[] { 1, 2 } }, new string?[] { "no", "yes" }, [0.7, 0.9]);
            await log.EndAsync();
        }

        _ws.Write("reference.csv", "x\n1\n2\n3\n4\n5\n6\n");
        _ws.Write("labels.csv", "row,truth\nreq-1/0,yes\nreq-1/1,no\nreq-1/2,no\nreq-1/3,yes\nreq-1/4,yes\nreq-1/5,no\nreq-2,yes\nghost-1,no\nghost-2,yes\n");

        var labelled = _ws.CliOk("monitor", "labels", "labels.csv", "--id", "row", "--label", "truth", "models:/churn@champion", "--json");
        var monitored = _ws.CliOk("monitor", "run", "models:/churn@champion", "--reference", "reference.csv", "--json");

        var labels = JsonDocument.Parse(labelled.Out).RootElement;
        Assert.Equal(9, labels.GetProperty("labels").GetInt64());
        Assert.Equal(7, labels.GetProperty("matched").GetInt64());
        Assert.Equal(2, labels.GetProperty("unknown").GetInt64());
        Assert.Equal(["ghost-1", "ghost-2"], labels.GetProperty("unknown_examples").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("2 label id(s) match no logged prediction", labelled.Error, StringComparison.Ordinal);

        // Day 1 by hand: correct rows 0, 2, 4, 5 → accuracy 4/6. F1(yes): TP 2, FP 1, FN 1 → 4/6; F1(no) the same → macro 2/3.
        // P(yes) = score when "yes" was predicted, else 1 − score: positives 0.9, 0.4, 0.6; negatives 0.8, 0.3, 0.1 → 7 of 9 pairs ordered → AUC 7/9.
        var windows = JsonDocument.Parse(monitored.Out).RootElement.GetProperty("report").GetProperty("windows").EnumerateArray().ToList();
        var day1 = windows[0].GetProperty("performance");
        Assert.Equal(6, day1.GetProperty("labelled_rows").GetInt64());
        Assert.Equal(4.0 / 6, day1.GetProperty("accuracy").GetDouble(), 12);
        Assert.Equal(2.0 / 3, day1.GetProperty("f1").GetDouble(), 12);
        Assert.Equal(7.0 / 9, day1.GetProperty("auc").GetDouble(), 12);
        // Day 2: one labelled row, predicted "no", truly "yes": accuracy 0, F1 0, AUC undefined (one label class).
        var day2 = windows[1].GetProperty("performance");
        Assert.Equal(1, day2.GetProperty("labelled_rows").GetInt64());
        Assert.Equal(0, day2.GetProperty("accuracy").GetDouble());
        Assert.Equal(JsonValueKind.Null, day2.GetProperty("auc").ValueKind);

        await using var check = TrackingClient.Open(folder: _ws.Root);
        var runId = JsonDocument.Parse(monitored.Out).RootElement.GetProperty("run_id").GetString()!;
        var accuracy = await check.Store.GetMetricHistoryAsync(runId, "accuracy", default);
        Assert.Equal([0L, 1L], accuracy.Select(m => m.Step));
        Assert.Equal(4.0 / 6, accuracy[0].Value, 12);
        Assert.Equal(0.0, accuracy[1].Value, 12);
        var labelsRun = await check.Store.GetRunAsync(labels.GetProperty("run_id").GetString()!, default);
        Assert.Equal("labels", labelsRun.Tags.Single(t => t.Key == "ariadne.monitor.kind").Value);
        Assert.Contains(await check.Store.ListArtifactsAsync(labelsRun.Info.RunId, default), a => a.Path.StartsWith("labels/", StringComparison.Ordinal) && a.Path.EndsWith(".parquet", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_regressor_gets_rmse_and_mae_per_window_from_numeric_labels()
    {
        await using (var tracking = TrackingClient.Open(folder: _ws.Root))
        {
            await RegisterAsync(tracking, "price");
            var log = new PredictionLogBatches(tracking, "price");
            await log.WriteAsync(1, ["a", "b", "c"], [.. Enumerable.Range(0, 3).Select(i => Day1.AddMinutes(i).ToUnixTimeMilliseconds())],
                new Dictionary<string, Array> { ["size"] = new double?[] { 10, 20, 30 } }, new double[] { 1, 2, 3 }, [null, null, null]);
            await log.EndAsync();
        }

        _ws.Write("reference.csv", "size\n10\n20\n30\n");
        _ws.Write("truth.csv", "id,price\na,1\nb,3\nc,5\n");
        _ws.CliOk("monitor", "labels", "truth.csv", "--id", "id", "--label", "price", "price");

        var report = JsonDocument.Parse(_ws.CliOk("monitor", "run", "models:/price/1", "--reference", "reference.csv", "--json").Out).RootElement.GetProperty("report");

        // Errors 0, 1, 2: RMSE = sqrt(5/3), MAE = 1.
        Assert.Equal("regressor", report.GetProperty("kind").GetString());
        var perf = report.GetProperty("windows")[0].GetProperty("performance");
        Assert.Equal(Math.Sqrt(5.0 / 3), perf.GetProperty("rmse").GetDouble(), 12);
        Assert.Equal(1.0, perf.GetProperty("mae").GetDouble(), 12);
    }

    [Fact]
    public void Multiclass_auc_is_the_macro_average_of_one_vs_rest_and_ties_share_their_rank()
    {
        // Binary with ties: positives 0.5, 0.5; negatives 0.5, 0.1 → pairs: (0.5>0.1)×2 = 2, ties (0.5=0.5)×2 = 1 → 3/4.
        var tied = WindowPerformance.BinaryAuc(i => new[] { 0.5, 0.5, 0.5, 0.1 }[i], i => i < 2, 4);
        Assert.Equal(0.75, tied);

        // Three classes, each predicted right with probability 0.9 (score.{class} columns) → every one-vs-rest AUC is 1.
        var perfect = WindowPerformance.Classification(["a", "b", "c"], ["a", "b", "c"], [0.9, 0.9, 0.9], ["a", "b", "c"],
            [[0.9, 0.05, 0.05], [0.05, 0.9, 0.05], [0.05, 0.05, 0.9]]);
        Assert.Equal((1.0, 1.0, 1.0), (perfect.Accuracy!.Value, perfect.F1!.Value, perfect.Auc!.Value));

        // The same with only the predicted class's score: no multiclass AUC is made up, and the note says why.
        var topOnly = WindowPerformance.Classification(["a", "b", "c"], ["a", "b", "c"], [0.9, 0.9, 0.9]);
        Assert.Null(topOnly.Auc);
        Assert.Contains("score.a", topOnly.AucNote, StringComparison.Ordinal);
    }
}
