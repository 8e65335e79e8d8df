using System.Globalization;
using System.Text.Json;
using Ariadne.Tracking;
using Microsoft.ML;

namespace Penguins;

internal static class Evaluation
{
    /// <summary>
    /// Scores <paramref name="csv"/> (the validation split) with the saved model; writes metrics.json and
    /// plots/confusion.png. The same metrics on the training split (<paramref name="trainCsv"/>) go next to them, so
    /// 'ariadne sweep --reusable-holdout' can rank trials through Thresholdout (validation against training).
    /// </summary>
    public static async Task EvaluateAsync(string modelFolder, string csv, string trainCsv)
    {
        var ml = new MLContext(0);
        var model = ml.Model.Load(Path.Combine(modelFolder, "model.zip"), out _);
        var scored = model.Transform(Model.Load(ml, csv));
        var metrics = ml.MulticlassClassification.Evaluate(scored);
        var predictions = ml.Data.CreateEnumerable<PenguinPrediction>(scored, reuseRowObject: false).ToList();

        var classes = predictions.Select(p => p.Species).Concat(predictions.Select(p => p.PredictedSpecies)).Distinct().Order(StringComparer.Ordinal).ToArray();
        var counts = new int[classes.Length, classes.Length];
        foreach (var p in predictions)
        {
            counts[Array.IndexOf(classes, p.Species), Array.IndexOf(classes, p.PredictedSpecies)]++;
        }

        var correct = predictions.Count(p => p.Species == p.PredictedSpecies);
        var onTrain = ml.MulticlassClassification.Evaluate(model.Transform(Model.Load(ml, trainCsv)));
        var report = new Dictionary<string, object>
        {
            ["train"] = new Dictionary<string, object>
            {
                ["accuracy"] = Math.Round(onTrain.MicroAccuracy, 6),
                ["macro_accuracy"] = Math.Round(onTrain.MacroAccuracy, 6),
                ["log_loss"] = Math.Round(onTrain.LogLoss, 6),
            },
            ["validation"] = new Dictionary<string, object>
            {
                ["accuracy"] = Math.Round((double)correct / predictions.Count, 6),
                ["macro_accuracy"] = Math.Round(metrics.MacroAccuracy, 6),
                ["log_loss"] = Math.Round(metrics.LogLoss, 6),
                ["rows"] = predictions.Count,
            },
        };
        await File.WriteAllTextAsync("metrics.json", JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        Directory.CreateDirectory("plots");
        await File.WriteAllBytesAsync(Path.Combine("plots", "confusion.png"), ConfusionPng.Draw(classes, counts));

        await using var tracking = TrackingClient.Open();
        await using var run = await tracking.StartRunAsync("penguins", "evaluate");
        await run.LogParamAsync("evaluated_on", csv);
        var table = string.Join('\n', classes.Select((c, i) => c + ": " + string.Join(' ', Enumerable.Range(0, classes.Length).Select(j => counts[i, j].ToString(CultureInfo.InvariantCulture)))));
        await run.LogTextAsync("rows: true species, columns: predicted (" + string.Join(", ", classes) + ")\n" + table + "\n", "confusion.txt");
        await run.EndAsync();
        Console.WriteLine($"evaluate: validation accuracy {correct}/{predictions.Count}; wrote metrics.json and plots/confusion.png");
    }
}
