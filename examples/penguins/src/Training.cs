using System.Globalization;
using Ariadne.Tracking;
using Microsoft.ML;

namespace Penguins;

internal static class Training
{
    /// <summary>
    /// ML.NET's L-BFGS trainer has no per-iteration callback, so the learning curve is measured the honest slow way:
    /// one model is fitted for each iteration budget 1..train.iterations (each from scratch, deterministic with one
    /// thread), and its train and validation log-loss and accuracy are logged at that step. The last model is saved.
    /// </summary>
    public static async Task TrainAsync(string splitFolder, string modelFolder, Params parameters)
    {
        var iterations = parameters.Int("train", "iterations");
        var l2 = (float)parameters.Double("train", "l2");
        var seed = parameters.Int("train", "seed");
        var ml = new MLContext(seed);
        var train = Model.Load(ml, Path.Combine(splitFolder, "train.csv"));
        var validation = Model.Load(ml, Path.Combine(splitFolder, "validation.csv"));

        await using var tracking = TrackingClient.Open();
        await using var run = await tracking.StartRunAsync("penguins", "train");
        await run.LogParamsAsync(new Dictionary<string, object>
        {
            ["trainer"] = "LbfgsMaximumEntropy",
            ["features"] = "measurements (mean-variance scaled) + island, sex (one-hot)",
            ["iterations"] = iterations,
            ["l2"] = l2,
            ["ml_seed"] = seed,
            ["train_rows"] = Table.Read(Path.Combine(splitFolder, "train.csv")).Count,
            ["validation_rows"] = Table.Read(Path.Combine(splitFolder, "validation.csv")).Count,
        });

        Directory.CreateDirectory("plots");
        var curve = new List<string> { "iteration,train_log_loss,train_accuracy,validation_log_loss,validation_accuracy" };
        ITransformer? model = null;
        for (var step = 1; step <= iterations; step++)
        {
            model = Model.Pipeline(ml, step, l2).Fit(train);
            var onTrain = ml.MulticlassClassification.Evaluate(model.Transform(train));
            var onValidation = ml.MulticlassClassification.Evaluate(model.Transform(validation));
            run.LogMetric("train.log_loss", onTrain.LogLoss, step);
            run.LogMetric("train.accuracy", onTrain.MicroAccuracy, step);
            run.LogMetric("validation.log_loss", onValidation.LogLoss, step);
            run.LogMetric("validation.accuracy", onValidation.MicroAccuracy, step);
            curve.Add(string.Join(',', step.ToString(CultureInfo.InvariantCulture), Table.Number(Math.Round(onTrain.LogLoss, 6)), Table.Number(Math.Round(onTrain.MicroAccuracy, 6)), Table.Number(Math.Round(onValidation.LogLoss, 6)), Table.Number(Math.Round(onValidation.MicroAccuracy, 6))));
        }

        File.WriteAllLines(Path.Combine("plots", "training.csv"), curve);
        Directory.CreateDirectory(modelFolder);
        ModelFile.Save(ml, model!, train.Schema, Path.Combine(modelFolder, "model.zip"));
        await run.EndAsync();
        Console.WriteLine($"train: {iterations} iterations, last {curve[^1]}");
    }
}
