using System.Globalization;
using Ariadne.MLNet;
using Ariadne.Tracking;
using Microsoft.ML;

namespace Penguins;

internal static class Training
{
    /// <summary>
    /// ML.NET's L-BFGS trainer has no per-iteration callback, so the learning curve is measured the honest slow way:
    /// one model is fitted for each iteration budget 1..train.iterations (each from scratch, deterministic with one
    /// thread), and its train and validation metrics are logged at that step. The last model is saved.
    /// ML.NET autologging (Ariadne.MLNet) records the rest: the evaluations through <c>autolog.MulticlassClassification</c>
    /// as <c>train.*</c> and <c>validation.*</c> metrics, and the last fit through <c>FitAsync</c> as the pipeline, every
    /// trainer option (the defaults too), the seed, the training file's schema and hash, and the model with its schema.
    /// </summary>
    public static async Task TrainAsync(string splitFolder, string modelFolder, Params parameters)
    {
        var iterations = parameters.Int("train", "iterations");
        var l2 = (float)parameters.Double("train", "l2");
        var ml = new MLContext(parameters.Int("train", "seed"));

        await using var tracking = TrackingClient.Open();
        await using var run = await tracking.StartRunAsync("penguins", "train");
        var autolog = ml.Autolog(run);
        var train = autolog.LoadFromTextFile<PenguinInput>(Path.Combine(splitFolder, "train.csv"), separatorChar: ',', hasHeader: true);
        var validation = Model.Load(ml, Path.Combine(splitFolder, "validation.csv"));

        Directory.CreateDirectory("plots");
        var curve = new List<string> { "iteration,train_log_loss,train_accuracy,validation_log_loss,validation_accuracy" };
        ITransformer? model = null;
        for (var step = 1; step <= iterations; step++)
        {
            var pipeline = Model.Pipeline(ml, step, l2);
            model = step == iterations ? await autolog.FitAsync(pipeline, train) : pipeline.Fit(train);
            var onTrain = autolog.MulticlassClassification.Evaluate(model.Transform(train), prefix: "train", step: step);
            var onValidation = autolog.MulticlassClassification.Evaluate(model.Transform(validation), prefix: "validation", step: step);
            curve.Add(string.Join(',', step.ToString(CultureInfo.InvariantCulture), Table.Number(Math.Round(onTrain.LogLoss, 6)), Table.Number(Math.Round(onTrain.MicroAccuracy, 6)), Table.Number(Math.Round(onValidation.LogLoss, 6)), Table.Number(Math.Round(onValidation.MicroAccuracy, 6))));
        }

        File.WriteAllLines(Path.Combine("plots", "training.csv"), curve);
        Directory.CreateDirectory(modelFolder);
        // The bytes autologging stored (entries dated 1980-01-01, so the same model gives the same file), not saved again.
        autolog.SaveModel(model!, train.Schema, Path.Combine(modelFolder, "model.zip"));
        await run.EndAsync();
        Console.WriteLine($"train: {iterations} iterations, last {curve[^1]}");
    }
}
