using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Ariadne.MLNet;
using Ariadne.Tracking;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

// The penguins example's training (examples/penguins/src/Training.cs, Model.cs) twice, side by side in one process:
// as the example logs by hand (params and four metrics per step), and through ML.NET autologging (the same fits, the
// evaluations through autolog, the last fit through FitAsync: pipeline, options, data hash, model.zip and schema; the
// model file written with autolog.SaveModel, as the example writes it, where by hand saves it with ml.Model.Save).
// Arguments: WORKSPACE (an 'ariadne init' folder) PENGUINS_JSON RUNS [profile]. Prints one line per timing and the
// medians; with 'profile', the cost of each part of FitAsync instead (Profile.cs), RUNS repetitions each.
var (workspace, json, runs) = (args[0], args[1], int.Parse(args[2], CultureInfo.InvariantCulture));
const int Iterations = 30;
var (trainCsv, validationCsv) = Data.Write(json, Path.Combine(workspace, "data"));
Environment.CurrentDirectory = workspace;
await using var tracking = TrackingClient.Open(folder: workspace);
tracking.SystemMetricsInterval = null; // measured on its own (bench/system-metrics.sh)
if (args.Length > 3 && args[3] == "profile")
{
    await Profile.RunAsync(tracking, trainCsv, runs);
    return;
}

async Task<(double Wall, double Cpu)> ByHandAsync()
{
    var clock = Stopwatch.StartNew();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var ml = new MLContext(1);
    var train = ml.Data.LoadFromTextFile<PenguinInput>(trainCsv, ',', hasHeader: true);
    var validation = ml.Data.LoadFromTextFile<PenguinInput>(validationCsv, ',', hasHeader: true);
    await using var run = await tracking.StartRunAsync("bench", "by-hand");
    await run.LogParamsAsync(new Dictionary<string, object> { ["trainer"] = "LbfgsMaximumEntropy", ["iterations"] = Iterations, ["l2"] = 0.01f, ["ml_seed"] = 1 });
    ITransformer? model = null;
    for (var step = 1; step <= Iterations; step++)
    {
        model = Penguins.Pipeline(ml, step).Fit(train);
        var onTrain = ml.MulticlassClassification.Evaluate(model.Transform(train));
        var onValidation = ml.MulticlassClassification.Evaluate(model.Transform(validation));
        run.LogMetric("train.log_loss", onTrain.LogLoss, step);
        run.LogMetric("train.accuracy", onTrain.MicroAccuracy, step);
        run.LogMetric("validation.log_loss", onValidation.LogLoss, step);
        run.LogMetric("validation.accuracy", onValidation.MicroAccuracy, step);
    }

    var folder = Path.Combine(workspace, "model");
    Directory.CreateDirectory(folder);
    ml.Model.Save(model!, train.Schema, Path.Combine(folder, "model.zip"));
    await run.EndAsync();
    return (clock.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
}

async Task<(double Wall, double Cpu)> AutologAsync()
{
    var clock = Stopwatch.StartNew();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var ml = new MLContext(1);
    await using var run = await tracking.StartRunAsync("bench", "autolog");
    var autolog = ml.Autolog(run);
    var train = autolog.LoadFromTextFile<PenguinInput>(trainCsv, ',', hasHeader: true);
    var validation = ml.Data.LoadFromTextFile<PenguinInput>(validationCsv, ',', hasHeader: true);
    ITransformer? model = null;
    for (var step = 1; step <= Iterations; step++)
    {
        model = step == Iterations ? await autolog.FitAsync(Penguins.Pipeline(ml, step), train) : Penguins.Pipeline(ml, step).Fit(train);
        autolog.MulticlassClassification.Evaluate(model.Transform(train), prefix: "train", step: step);
        autolog.MulticlassClassification.Evaluate(model.Transform(validation), prefix: "validation", step: step);
    }

    var folder = Path.Combine(workspace, "model");
    Directory.CreateDirectory(folder);
    autolog.SaveModel(model!, train.Schema, Path.Combine(folder, "model.zip")); // as the example saves it: the bytes FitAsync stored
    await run.EndAsync();
    return (clock.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
}

await ByHandAsync(); // warm-up: JIT, ML.NET's first use, the store's first writes
await AutologAsync();
var byHand = new List<(double Wall, double Cpu)>();
var autologged = new List<(double Wall, double Cpu)>();
for (var i = 0; i < runs; i++)
{
    // Alternating, and in turn which goes first (ABBA), so a drift in the machine's load falls on both alike.
    if (i % 2 == 0)
    {
        byHand.Add(await ByHandAsync());
        autologged.Add(await AutologAsync());
    }
    else
    {
        autologged.Add(await AutologAsync());
        byHand.Add(await ByHandAsync());
    }

    Console.WriteLine(FormattableString.Invariant($"pair {i + 1}: by hand {byHand[^1].Wall:F3} s wall, {byHand[^1].Cpu:F3} s CPU; autolog {autologged[^1].Wall:F3} s wall, {autologged[^1].Cpu:F3} s CPU; ratio CPU {autologged[^1].Cpu / byHand[^1].Cpu:F3}, wall {autologged[^1].Wall / byHand[^1].Wall:F3}"));
}

double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

// The figure to read: the median over the pairs of (autolog / by hand), each pair measured back to back.
foreach (var (what, pick) in new (string, Func<(double Wall, double Cpu), double>)[] { ("CPU time", r => r.Cpu), ("wall time", r => r.Wall) })
{
    var ratios = byHand.Zip(autologged, (hand, auto) => pick(auto) / pick(hand)).ToList();
    var (hand, auto) = (Median(byHand.Select(pick).ToList()), Median(autologged.Select(pick).ToList()));
    Console.WriteLine(FormattableString.Invariant($"{what}: median ratio autolog / by hand {Median(ratios):F3} (overhead {(Median(ratios) - 1) * 100:F1} %; pairs from {ratios.Min():F3} to {ratios.Max():F3}); medians by hand {hand:F3} s, autolog {auto:F3} s"));
}

/// <summary>A row of the penguins CSVs, as the example loads it.</summary>
internal sealed class PenguinInput
{
    [LoadColumn(0)] public string Species { get; set; } = "";
    [LoadColumn(1)] public string Island { get; set; } = "";
    [LoadColumn(2)] public float BeakLengthMm { get; set; }
    [LoadColumn(3)] public float BeakDepthMm { get; set; }
    [LoadColumn(4)] public float FlipperLengthMm { get; set; }
    [LoadColumn(5)] public float BodyMassG { get; set; }
    [LoadColumn(6)] public string Sex { get; set; } = "";
}

internal static class Penguins
{
    /// <summary>The example's pipeline (examples/penguins/src/Model.cs) with l2 = 0.01.</summary>
    public static IEstimator<ITransformer> Pipeline(MLContext ml, int iterations) =>
        ml.Transforms.Conversion.MapValueToKey("Label", nameof(PenguinInput.Species))
            .Append(ml.Transforms.Categorical.OneHotEncoding([new InputOutputColumnPair("IslandCode", nameof(PenguinInput.Island)), new InputOutputColumnPair("SexCode", nameof(PenguinInput.Sex))]))
            .Append(ml.Transforms.Concatenate("Measurements", nameof(PenguinInput.BeakLengthMm), nameof(PenguinInput.BeakDepthMm), nameof(PenguinInput.FlipperLengthMm), nameof(PenguinInput.BodyMassG)))
            .Append(ml.Transforms.NormalizeMeanVariance("Measurements"))
            .Append(ml.Transforms.Concatenate("Features", "Measurements", "IslandCode", "SexCode"))
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
            {
                MaximumNumberOfIterations = iterations,
                L2Regularization = 0.01f,
                OptimizationTolerance = 1e-7f,
                NumberOfThreads = 1,
            }))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedSpecies", "PredictedLabel"));
}

internal static class Data
{
    /// <summary>The complete rows of the raw penguins JSON as train.csv (4 of 5 rows) and validation.csv (every 5th).</summary>
    public static (string Train, string Validation) Write(string json, string folder)
    {
        Directory.CreateDirectory(folder);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var rows = new List<string>();
        foreach (var bird in document.RootElement.EnumerateArray())
        {
            string? Text(string name) => bird.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            string? Number(string name) => bird.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble().ToString(CultureInfo.InvariantCulture) : null;
            string?[] fields = [Text("Species"), Text("Island"), Number("Beak Length (mm)"), Number("Beak Depth (mm)"), Number("Flipper Length (mm)"), Number("Body Mass (g)"), Text("Sex")?.ToLowerInvariant()];
            if (fields.All(f => !string.IsNullOrEmpty(f) && f != "."))
            {
                rows.Add(string.Join(',', fields));
            }
        }

        const string Header = "species,island,beak_length_mm,beak_depth_mm,flipper_length_mm,body_mass_g,sex";
        var train = Path.Combine(folder, "train.csv");
        var validation = Path.Combine(folder, "validation.csv");
        File.WriteAllLines(train, [Header, .. rows.Where((_, i) => i % 5 != 0)]);
        File.WriteAllLines(validation, [Header, .. rows.Where((_, i) => i % 5 == 0)]);
        return (train, validation);
    }
}
