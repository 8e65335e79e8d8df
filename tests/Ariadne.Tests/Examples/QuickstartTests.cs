using System.Buffers.Binary;
using System.Text.Json;
using Ariadne.Data.Holdout;
using Ariadne.Data.Splitting;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Examples;

/// <summary>
/// 'ariadne quickstart' end to end: the penguins example is written out, its trainer is built with 'dotnet build'
/// against this checkout's SDK, and the whole pipeline runs with tracking. Slow (a real build), so one test.
/// </summary>
[Trait("Service", "Chromium")] // its collection starts the web UI fixture (Chromium)
[Collection(Ui.UiCollection.Name)] // with the UI test that also builds the penguins trainer in this checkout: never both at once
public sealed class QuickstartTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Quickstart_runs_the_penguins_pipeline_then_reruns_nothing_and_only_downstream_of_a_changed_param()
    {
        // Given a fresh folder, when quickstart runs: every stage runs and the model is good.
        var first = CliRunner.Run(_temp.Path, "quickstart", "demo");
        Assert.True(first.ExitCode == 0, first.Out + first.Error);
        var root = _temp.Combine("demo");
        Assert.Contains("Ran: build, ingest, clean, validate, split, train, evaluate, test", first.Out, StringComparison.Ordinal);
        Assert.Contains("ariadne runs list", first.Out, StringComparison.Ordinal);

        // It ends with the path back from the champion model version: the train stage, through the split, to the raw data's pointer and commit.
        var lineage = first.Out[first.Out.IndexOf("6. Where the model came from", StringComparison.Ordinal)..];
        Assert.Contains("model penguins version 1 (models:/penguins@champion) from run ", lineage, StringComparison.Ordinal);
        Assert.Contains("run train (", lineage, StringComparison.Ordinal);
        Assert.Contains("run split (", lineage, StringComparison.Ordinal);
        Assert.Contains("pointer data/penguins.json.ari, added in", lineage, StringComparison.Ordinal);
        Assert.DoesNotContain("CYCLE", lineage, StringComparison.Ordinal); // the split stage's parts are its outputs, not its inputs
        // The trained model is registered as penguins@champion from the train stage's run, with a card the Hub accepts.
        Assert.Contains("Registered the trained model as models:/penguins/1 with alias 'champion'", first.Out, StringComparison.Ordinal);
        var cardFile = Path.Combine(root, "MODEL_CARD.md");
        var cardText = File.ReadAllText(cardFile);
        Assert.Contains("library_name: \"ml.net\"", cardText, StringComparison.Ordinal);
        Assert.Contains("split: \"test\"", cardText, StringComparison.Ordinal);
        Assert.Contains("read 1 time(s) of a budget of 5", cardText, StringComparison.Ordinal);
        Assert.Contains("ariadne repro train", cardText, StringComparison.Ordinal);
        var hub = await ModelCards.HubCardCheck.RunAsync(cardFile);
        Assert.True(hub.Ok, string.Join("; ", hub.Errors) + "\n" + cardText);

        using (var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "metrics.json"))))
        {
            var validation = metrics.RootElement.GetProperty("validation");
            Assert.True(validation.GetProperty("accuracy").GetDouble() > 0.8, metrics.RootElement.ToString());
            Assert.True(validation.GetProperty("rows").GetInt32() > 50);
            Assert.True(metrics.RootElement.GetProperty("train").GetProperty("accuracy").GetDouble() > 0.8, metrics.RootElement.ToString());
        }

        AssertValidPng(File.ReadAllBytes(Path.Combine(root, "plots", "confusion.png")));
        Assert.True(File.Exists(Path.Combine(root, "data", "penguins.json.ari")));
        Assert.Equal(333, File.ReadAllLines(Path.Combine(root, "data", "clean.csv")).Length - 1);

        // The clean table passed its schema; the split is the SDK's, with a sealed test part read once by 'test'.
        using (var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "data", "validation-report.json"))))
        {
            Assert.True(report.RootElement.GetProperty("valid").GetBoolean(), report.RootElement.ToString());
            Assert.Equal(333, report.RootElement.GetProperty("rows").GetInt64());
        }

        var manifest = SplitManifest.Read(Path.Combine(root, "data", "split", SplitManifest.FileName));
        Assert.Equal(["train", "validation", "test"], manifest.Parts.Select(p => p.Name));
        Assert.Equal("species", manifest.Stratify);
        var sealedPart = Assert.Single(manifest.Parts, p => p.Sealed);
        Assert.Equal("test", sealedPart.Name);
        Assert.Equal(5, sealedPart.Budget);
        Assert.Equal(333, manifest.Parts.Sum(p => p.Rows));

        // The sealed part is no plain file in the workspace: its bytes are in the content cache, a pointer stands in the split folder.
        Assert.False(File.Exists(Path.Combine(root, "data", "split", "test.csv")));
        Assert.Equal("test.csv.sealed", sealedPart.Pointer);
        Assert.Contains($"blake3: {sealedPart.Blake3}", File.ReadAllText(Path.Combine(root, "data", "split", "test.csv.sealed")), StringComparison.Ordinal);
        await using var ledger = TrackingClient.Open(folder: root);
        var sealedSet = SealedTestSet.Open(Path.Combine(root, "data", "split", SplitManifest.FileName), ledger);
        var access = Assert.Single(await sealedSet.ListReadsAsync());
        Assert.Equal("accuracy", access.Metric);

        using (var testMetrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "test-metrics.json"))))
        {
            var test = testMetrics.RootElement.GetProperty("test");
            Assert.True(test.GetProperty("accuracy").GetDouble() > 0.8, testMetrics.RootElement.ToString());
            Assert.Equal(sealedPart.Rows, test.GetProperty("rows").GetInt32());
            Assert.Equal(1, test.GetProperty("reads").GetInt32());
        }

        // The stages are tracked runs: the trainer's SDK attached to its stage's run.
        var runs = await Runs(root);
        var train = Assert.Single(runs, r => r.Info.RunName == "train");
        Assert.Equal(RunStatus.Finished, train.Info.Status);
        // The trainer's evaluations and last fit went through ML.NET autologging: the pipeline, options with ML.NET's
        // defaults, the training file by hash, the model with its schema.
        Assert.Contains(train.Params, p => p.Key == "mlnet.trainer" && p.Value == "LbfgsMaximumEntropyMulticlassTrainer");
        Assert.Contains(train.Params, p => p.Key == "mlnet.trainer.L2Regularization" && p.Value == "0.01");
        Assert.Contains(train.Params, p => p.Key == "mlnet.trainer.HistorySize" && p.Value == "20");
        Assert.Contains(train.Params, p => p.Key == "mlnet.seed");
        Assert.Contains(train.Params, p => p.Key == "mlnet.train.source" && p.Value == "data/split/train.csv");
        Assert.Contains(train.Inputs, i => i.Role == "train");
        Assert.Contains(train.LatestMetrics, m => m.Key == "validation.macro_accuracy");
        Assert.Contains(train.LatestMetrics, m => m.Key == "mlnet.fit_seconds");
        Assert.Contains(train.Params, p => p.Key == "train" || p.Key.StartsWith("train.", StringComparison.Ordinal));
        Assert.Contains(train.Inputs, i => i.Role == "dep");
        await using (var client = TrackingClient.Open(folder: root))
        {
            var curve = await client.Store.GetMetricHistoryAsync(train.Info.RunId, "validation.accuracy", default);
            Assert.Equal(30, curve.Count);
            Assert.True(curve[^1].Value > 0.8);
            var artifacts = await client.Store.ListArtifactsAsync(train.Info.RunId, default);
            Assert.Contains(artifacts, a => a.Path == "model/model.zip");
            Assert.Contains(artifacts, a => a.Path == "model/schema.json");
        }

        var evaluate = Assert.Single(runs, r => r.Info.RunName == "evaluate");
        Assert.Contains(evaluate.LatestMetrics, m => m.Key == "validation.accuracy" && m.Value > 0.8);
        Assert.Contains(evaluate.Inputs, i => i.Role == "dep");

        Assert.Single(runs, r => r.Info.RunName == "validate");
        var split = Assert.Single(runs, r => r.Info.RunName == "split");
        Assert.Contains(split.Params, p => p.Key == "split.stratify" && p.Value == "species");
        Assert.Contains(split.Inputs, i => i.Role == "source"); // the run that made the split read the source...
        Assert.DoesNotContain(split.Inputs, i => i.Role is "train" or "validation" or "test"); // ...and wrote the parts
        var testRun = Assert.Single(runs, r => r.Info.RunName == "test");
        Assert.Equal(testRun.Info.RunId, access.RunId);
        Assert.Contains(testRun.Inputs, i => i.Role == "test (sealed)");

        // When quickstart or repro runs again: nothing runs.
        var again = CliRunner.Run(_temp.Path, "quickstart", "demo");
        Assert.True(again.ExitCode == 0, again.Out + again.Error);
        Assert.Contains("nothing ran", again.Out, StringComparison.Ordinal);
        Assert.Contains("models:/penguins/1", again.Out, StringComparison.Ordinal);
        Assert.All(Stages(CliRunner.Run(root, "repro", "--json")), s => Assert.Equal("up_to_date", s.Result));
        Assert.Equal(runs.Count, (await Runs(root)).Count);

        // A sweep selects on validation through the reusable holdout (validation against the train split's accuracy): its
        // trials leave out 'test', and the workspace's ledger keeps its one read.
        var sweep = CliRunner.Run(root, "sweep", "-S", "train.l2=0.001,0.1", "-S", "train.iterations=5,30", "--metric", "metrics.json:validation.accuracy", "--reusable-holdout", "--json");
        Assert.True(sweep.ExitCode == 0, sweep.Out + sweep.Error);
        using (var sweepJson = JsonDocument.Parse(sweep.Out))
        {
            Assert.Equal("test", Assert.Single(sweepJson.RootElement.GetProperty("left_out").EnumerateArray()).GetProperty("stage").GetString());
            Assert.Equal(4, sweepJson.RootElement.GetProperty("trials").GetArrayLength());
            Assert.All(sweepJson.RootElement.GetProperty("trials").EnumerateArray(), t =>
            {
                Assert.True(t.GetProperty("metrics").TryGetProperty("metrics.json:validation.accuracy", out _));
                Assert.True(t.GetProperty("metrics").TryGetProperty("metrics.json:train.accuracy", out _));
            });
            var holdout = sweepJson.RootElement.GetProperty("reusable_holdout");
            Assert.Equal("metrics.json:train.accuracy", holdout.GetProperty("train_metric").GetString());
            Assert.Equal(4, holdout.GetProperty("queries").GetInt32());
            Assert.Equal(4, holdout.GetProperty("budget").GetInt32());
            Assert.Equal(4, holdout.GetProperty("answers").EnumerateObject().Count());
            var sweepRun = Assert.Single(await Runs(root), r => r.Info.RunId == sweepJson.RootElement.GetProperty("sweep_run_id").GetString());
            Assert.Contains(sweepRun.Params, p => p.Key == "sweep.reusable_holdout" && p.Value.Contains("budget=4", StringComparison.Ordinal));
            Assert.Contains(sweepRun.LatestMetrics, m => m.Key == "reusable_holdout.spent");
        }

        Assert.Equal(1, await sealedSet.CountReadsAsync());
        Assert.Contains("\"reads\": 1", CliRunner.Run(root, "holdout", "status", "--json").Out, StringComparison.Ordinal);

        // When a training parameter changes: only train, evaluate and test run, and the test read spends the budget.
        var paramsFile = Path.Combine(root, "params.yaml");
        File.WriteAllText(paramsFile, File.ReadAllText(paramsFile).Replace("l2: 0.01", "l2: 0.05", StringComparison.Ordinal));
        var changed = Stages(CliRunner.Run(root, "repro", "--json"));
        Assert.Equal(["train", "evaluate", "test"], changed.Where(s => s.Result == "ran").Select(s => s.Stage));
        Assert.Equal(["build", "ingest", "clean", "validate", "split"], changed.Where(s => s.Result == "up_to_date").Select(s => s.Stage));
        Assert.Equal(2, await sealedSet.CountReadsAsync());

        // Every forced rerun of 'test' spends a read; past the budget (5) it fails, until an override reason is given.
        for (var read = 3; read <= 5; read++)
        {
            var forced = CliRunner.Run(root, "repro", "--force", "test");
            Assert.True(forced.ExitCode == 0, forced.Out + forced.Error);
        }

        Assert.Equal(5, await sealedSet.CountReadsAsync());
        var over = CliRunner.Run(root, "repro", "--force", "test");
        Assert.NotEqual(0, over.ExitCode);
        Assert.Equal(5, await sealedSet.CountReadsAsync());
        File.WriteAllText(paramsFile, File.ReadAllText(paramsFile).Replace("override_reason: \"\"", "override_reason: \"final report\"", StringComparison.Ordinal));
        var overridden = CliRunner.Run(root, "repro");
        Assert.True(overridden.ExitCode == 0, overridden.Out + overridden.Error);
        Assert.Equal(6, await sealedSet.CountReadsAsync());
        Assert.Equal("final report", (await sealedSet.ListReadsAsync())[^1].OverrideReason);
    }

    private static List<(string Stage, string Result)> Stages(CliRunner.Result repro)
    {
        Assert.True(repro.ExitCode == 0, repro.Out + repro.Error);
        using var json = JsonDocument.Parse(repro.Out);
        return [.. json.RootElement.GetProperty("stages").EnumerateArray().Select(s => (s.GetProperty("stage").GetString()!, s.GetProperty("result").GetString()!))];
    }

    private static async Task<List<Run>> Runs(string root)
    {
        await using var client = TrackingClient.Open(folder: root);
        var experiment = (await client.Store.GetExperimentByNameAsync("pipelines", default))!;
        var runs = new List<Run>();
        await foreach (var run in client.Store.SearchAllRunsAsync(new RunSearch([experiment.ExperimentId])))
        {
            runs.Add(run);
        }

        return runs;
    }

    /// <summary>PNG signature, an IHDR of a plausible size, chunks whose CRCs match, ending in IEND.</summary>
    private static void AssertValidPng(byte[] png)
    {
        Assert.Equal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        var at = 8;
        var types = new List<string>();
        while (at < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length));
            Assert.Equal(crc, Crc32(png.AsSpan(at + 4, 4 + length)));
            if (type == "IHDR")
            {
                Assert.InRange(BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at + 8)), 100, 4000);
                Assert.InRange(BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at + 12)), 100, 4000);
            }

            types.Add(type);
            at += 12 + length;
        }

        Assert.Equal("IHDR", types[0]);
        Assert.Contains("IDAT", types);
        Assert.Equal("IEND", types[^1]);
    }

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
