using System.Globalization;
using System.Text.Json;
using Ariadne.Data.Holdout;
using Ariadne.Data.Schema;
using Ariadne.Data.Splitting;
using Ariadne.Tracking;
using Microsoft.ML;

namespace Penguins;

/// <summary>The stages that use the Ariadne data-quality SDK: schema validation, the deterministic split, the sealed test set.</summary>
internal static class DataQuality
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// Checks <paramref name="csv"/> against schema.yaml (types, no missing values, ranges, allowed categories, row
    /// count) and writes the full report to <paramref name="reportPath"/>. Returns false, with the failures printed,
    /// when a check fails: the stage fails and nothing downstream runs on bad data.
    /// </summary>
    public static async Task<bool> ValidateAsync(string csv, string schemaPath, string reportPath)
    {
        var report = await SchemaValidator.ValidateAsync(csv, SchemaFile.Read(schemaPath));
        var folder = Path.GetDirectoryName(Path.GetFullPath(reportPath));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        await File.WriteAllTextAsync(reportPath, JsonSerializer.Serialize(new
        {
            file = csv,
            schema = schemaPath,
            rows = report.Rows,
            valid = report.Valid,
            checks = report.Checks.Select(c => new { column = c.Column, check = c.Check, expectation = c.Expectation, failures = c.Failures, examples = c.Examples }),
        }, Indented) + "\n");

        await using var tracking = TrackingClient.Open();
        await using var run = await tracking.StartRunAsync("penguins", "validate");
        await run.LogParamAsync("validated", csv);
        run.LogMetric("validation.checks", report.Checks.Count);
        run.LogMetric("validation.failed_checks", report.Failures.Count());
        await run.EndAsync();

        if (!report.Valid)
        {
            Console.Error.WriteLine($"validate: {csv} does not match {schemaPath}:");
            foreach (var failure in report.Failures)
            {
                var examples = string.Join("; ", failure.Examples.Select(e => $"row {e.Row}: {e.Value ?? "(missing)"}"));
                Console.Error.WriteLine($"  {failure.Column ?? "(table)"} {failure.Check}: expected {failure.Expectation}, {failure.Failures} row(s) fail ({examples})");
            }

            return false;
        }

        Console.WriteLine($"validate: {report.Rows} rows of {csv} pass all {report.Checks.Count} checks of {schemaPath}");
        return true;
    }

    /// <summary>
    /// Splits with the SDK's <see cref="DataSplitter"/>: each row's part comes from hashing its cells with split.seed,
    /// stratified by species; the test part is sealed with a budget of split.test_budget reads, and goes into the
    /// workspace's content cache with only its pointer (test.csv.sealed) in the folder. The split is recorded on the
    /// stage's run (the source as its input, seed and ratios as params; the parts are the stage's outputs).
    /// </summary>
    public static async Task SplitAsync(string input, string folder, Params parameters)
    {
        var validation = parameters.Double("split", "validation");
        var test = parameters.Double("split", "test");
        var options = new SplitOptions
        {
            Names = ["train", "validation", "test"],
            Ratios = [1 - validation - test, validation, test],
            Seed = parameters.Int("split", "seed"),
            Stratify = "species",
            Sealed = "test",
            SealedBudget = parameters.Int("split", "test_budget"),
        };
        var manifest = await DataSplitter.SplitAsync(input, folder, options);

        await using var tracking = TrackingClient.Open();
        await using var run = await tracking.StartRunAsync("penguins", "split");
        await run.LogSplitMadeAsync(manifest);
        await run.EndAsync();
        Console.WriteLine($"split (seed {manifest.Seed}): " + string.Join(", ", manifest.Parts.Select(p => $"{p.Rows} {p.Name}{(p.Sealed ? $" (sealed, budget {p.Budget})" : "")}")));
    }

    /// <summary>
    /// Scores the sealed test part once through <see cref="SealedTestSet"/>: the read is recorded in the workspace's
    /// holdout ledger and on the stage's run, and past the budget it fails unless params.yaml gives test.override_reason.
    /// </summary>
    public static async Task TestAsync(string modelFolder, string manifestPath, Params parameters)
    {
        var overrideReason = parameters.TextOrNull("test", "override_reason");
        await using var tracking = TrackingClient.Open();
        await using var run = await tracking.StartRunAsync("penguins", "test");
        var sealedSet = SealedTestSet.Open(manifestPath, tracking);
        var modelPath = Path.Combine(modelFolder, "model.zip");
        // The sealed part lies in the workspace's content cache (data/split holds only test.csv.sealed): the read hands
        // out a private copy, deleted when 'read' is disposed.
        using var read = await sealedSet.ReadAsync(modelPath, "accuracy", run, overrideReason);
        var csv = read.Path;

        var ml = new MLContext(0);
        var model = ml.Model.Load(modelPath, out _);
        var scored = model.Transform(Model.Load(ml, csv));
        var metrics = ml.MulticlassClassification.Evaluate(scored);
        var predictions = ml.Data.CreateEnumerable<PenguinPrediction>(scored, reuseRowObject: false).ToList();
        var accuracy = (double)predictions.Count(p => p.Species == p.PredictedSpecies) / predictions.Count;
        var report = new Dictionary<string, object>
        {
            ["test"] = new Dictionary<string, object>
            {
                ["accuracy"] = Math.Round(accuracy, 6),
                ["macro_accuracy"] = Math.Round(metrics.MacroAccuracy, 6),
                ["log_loss"] = Math.Round(metrics.LogLoss, 6),
                ["rows"] = predictions.Count,
                ["reads"] = read.Reads,
                ["budget"] = sealedSet.Budget,
            },
        };
        await File.WriteAllTextAsync("test-metrics.json", JsonSerializer.Serialize(report, Indented) + "\n");
        if (overrideReason is not null)
        {
            await run.LogParamAsync("test.override_reason", overrideReason);
        }

        await run.EndAsync();
        Console.WriteLine($"test: sealed test accuracy {accuracy.ToString("0.###", CultureInfo.InvariantCulture)} on {predictions.Count} rows; read {read.Reads} of budget {read.Budget}");
    }
}
