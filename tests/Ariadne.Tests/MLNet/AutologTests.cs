using System.Text.Json;
using Ariadne.Content;
using Ariadne.MLNet;
using Ariadne.Tests.Support;
using Ariadne.Tracking;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Ariadne.Tests.MLNet;

/// <summary>
/// ML.NET autologging against real trainers (Microsoft.ML, FastTree, LightGBM) on real data: what a run holds after
/// <c>mlContext.Autolog(run)</c>, <c>FitAsync</c> and the evaluation catalogs.
/// </summary>
public sealed class AutologTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private TrackingClient Open() => TrackingClient.Open(folder: _ws.Root);

    [Fact]
    public async Task FastTree_regression_records_pipeline_every_option_seed_schema_tracked_data_metrics_and_model()
    {
        // Given the weather data split into files, the training file tracked with 'ariadne add'.
        var (trainFile, testFile) = WeatherData.Split(_ws.Path("data"));
        _ws.CliOk("add", "data/train.csv");
        var pointerHash = File.ReadAllLines(_ws.Path("data/train.csv.ari")).Single(l => l.Contains("blake3:", StringComparison.Ordinal)).Split(':')[1].Trim();

        // When a FastTree regression is fitted and evaluated through autolog.
        await using var tracking = Open();
        var ml = new MLContext(seed: 7);
        string runId;
        RegressionMetrics metrics;
        ITransformer model;
        await using (var run = await tracking.StartRunAsync("weather", "fasttree"))
        {
            runId = run.RunId;
            var autolog = ml.Autolog(run);
            var train = autolog.LoadFromTextFile<WeatherDay>(trainFile, ',', hasHeader: true);
            var test = ml.Data.LoadFromTextFile<WeatherDay>(testFile, ',', hasHeader: true);
            var pipeline = ml.Transforms.Concatenate("Features", nameof(WeatherDay.TempMin), nameof(WeatherDay.Precipitation), nameof(WeatherDay.Wind))
                .Append(ml.Regression.Trainers.FastTree(labelColumnName: nameof(WeatherDay.TempMax), numberOfTrees: 50));
            model = await autolog.FitAsync(pipeline, train);
            metrics = autolog.Regression.Evaluate(model.Transform(test), labelColumnName: nameof(WeatherDay.TempMax), prefix: "test");
            await run.EndAsync();
        }

        // Then the run holds the chain, the trainer's options (set and default), the seed and the training schema.
        var stored = await tracking.Store.GetRunAsync(runId, default);
        var p = stored.Params.ToDictionary(x => x.Key, x => x.Value);
        Assert.Equal("ColumnConcatenatingEstimator -> FastTreeRegressionTrainer", p["mlnet.pipeline"]);
        Assert.Equal("FastTreeRegressionTrainer", p["mlnet.trainer"]);
        Assert.Equal("Regression", p["mlnet.task"]);
        Assert.Equal("50", p["mlnet.trainer.NumberOfTrees"]);
        Assert.Equal("TempMax", p["mlnet.trainer.LabelColumnName"]);
        Assert.Equal("20", p["mlnet.trainer.NumberOfLeaves"]); // a default nobody set
        Assert.Equal("0.2", p["mlnet.trainer.LearningRate"]);
        Assert.Equal("10", p["mlnet.trainer.MinimumExampleCountPerLeaf"]);
        Assert.True(p.Count(kv => kv.Key.StartsWith("mlnet.trainer.", StringComparison.Ordinal)) > 40, string.Join("\n", p.Keys));
        Assert.Equal("7", p["mlnet.seed"]);
        Assert.Equal("5.0.1", p["mlnet.version"]);
        Assert.Contains("TempMax:Single", p["mlnet.train.schema"], StringComparison.Ordinal);
        Assert.Contains("Weather:String", p["mlnet.train.schema"], StringComparison.Ordinal);
        Assert.Equal("6", p["mlnet.train.columns"]);

        // The tracked training file is the run's train input by its pointer's hash.
        Assert.Equal(pointerHash, p["mlnet.train.blake3"]);
        var input = Assert.Single(stored.Inputs);
        Assert.Equal(("train", pointerHash), (input.Role, input.DatasetHash));
        Assert.EndsWith("data/train.csv.ari", input.PointerPath, StringComparison.Ordinal);

        // Every number of the evaluation is a metric under the prefix, equal to ML.NET's.
        var m = stored.LatestMetrics.ToDictionary(x => x.Key, x => x.Value);
        Assert.Equal(metrics.RootMeanSquaredError, m["test.rmse"], 6);
        Assert.Equal(metrics.MeanAbsoluteError, m["test.mae"], 6);
        Assert.Equal(metrics.RSquared, m["test.r_squared"], 6);
        Assert.True(m["test.r_squared"] > 0.6, $"r2 {m["test.r_squared"]}");
        Assert.True(m["mlnet.fit_seconds"] > 0);

        // The model is an artifact that loads and predicts as the fitted one does; its schema is recorded beside it.
        var artifacts = await tracking.Store.ListArtifactsAsync(runId, default);
        var zip = Assert.Single(artifacts, a => a.Path == "model/model.zip");
        var cache = _ws.Open().Cache;
        var loaded = ml.Model.Load(cache.PathOf(ContentHash.Parse(zip.Hash)), out var inputSchema);
        Assert.NotNull(inputSchema.GetColumnOrNull("TempMin"));
        var sample = ml.Data.LoadFromTextFile<WeatherDay>(testFile, ',', hasHeader: true);
        Assert.Equal(
            model.Transform(sample).GetColumn<float>("Score").Take(20).ToArray(),
            loaded.Transform(sample).GetColumn<float>("Score").Take(20).ToArray());

        var schemaArtifact = Assert.Single(artifacts, a => a.Path == "model/schema.json");
        using var schema = JsonDocument.Parse(File.ReadAllText(cache.PathOf(ContentHash.Parse(schemaArtifact.Hash))));
        var root = schema.RootElement;
        Assert.Equal("ariadne.mlnet.model-schema", root.GetProperty("format").GetString());
        Assert.Equal(1, root.GetProperty("format_version").GetInt32());
        Assert.Equal("Regression", root.GetProperty("task").GetString());
        Assert.Equal(["Date", "Precipitation", "TempMax", "TempMin", "Wind", "Weather"], root.GetProperty("inputs").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Equal("Single", root.GetProperty("inputs")[1].GetProperty("type").GetString());
        var outputs = root.GetProperty("outputs").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal(["Features", "Score"], outputs.Keys.Order(StringComparer.Ordinal));
        Assert.True(outputs["Features"].GetProperty("vector").GetBoolean());
        Assert.Equal(3, outputs["Features"].GetProperty("size").GetInt32());
        Assert.Equal("Single", outputs["Score"].GetProperty("type").GetString());
    }

    [Fact]
    public async Task Multiclass_maximum_entropy_records_default_options_and_metrics_per_step()
    {
        var (trainFile, testFile) = WeatherData.Split(_ws.Path("data"));
        await using var tracking = Open();
        var ml = new MLContext(seed: 3);
        await using var run = await tracking.StartRunAsync("weather", "maxent");
        var autolog = ml.Autolog(run);
        var train = autolog.LoadFromTextFile<WeatherDay>(trainFile, ',', hasHeader: true);
        var test = ml.Data.LoadFromTextFile<WeatherDay>(testFile, ',', hasHeader: true);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", nameof(WeatherDay.Weather))
            .Append(ml.Transforms.Concatenate("Features", nameof(WeatherDay.Precipitation), nameof(WeatherDay.TempMax), nameof(WeatherDay.TempMin), nameof(WeatherDay.Wind)))
            .Append(ml.Transforms.NormalizeMeanVariance("Features"))
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy())
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedWeather", "PredictedLabel"));
        var model = await autolog.FitAsync(pipeline, train);
        var metrics = new List<MulticlassClassificationMetrics>();
        for (var step = 0; step < 3; step++)
        {
            metrics.Add(autolog.MulticlassClassification.Evaluate(model.Transform(test), topKPredictionCount: 2, prefix: "validation", step: step));
        }

        await run.EndAsync();

        var stored = await tracking.Store.GetRunAsync(run.RunId, default);
        var p = stored.Params.ToDictionary(x => x.Key, x => x.Value);
        Assert.Equal("ValueToKeyMappingEstimator -> ColumnConcatenatingEstimator -> NormalizingEstimator -> LbfgsMaximumEntropyMulticlassTrainer -> KeyToValueMappingEstimator", p["mlnet.pipeline"]);
        Assert.Equal("MulticlassClassification", p["mlnet.task"]);
        Assert.Equal("1", p["mlnet.trainer.L2Regularization"]); // ML.NET's defaults, none set by the caller
        Assert.Equal("20", p["mlnet.trainer.HistorySize"]);
        Assert.Equal("1E-07", p["mlnet.trainer.OptimizationTolerance"]);
        Assert.Equal("3", p["mlnet.seed"]);
        Assert.Single(stored.Inputs, i => i.Role == "train" && i.PointerPath is null); // an untracked file: by hash
        Assert.Equal(ContentHasher.HashFile(trainFile).Hex, p["mlnet.train.blake3"]);

        var accuracy = await tracking.Store.GetMetricHistoryAsync(run.RunId, "validation.accuracy", default);
        Assert.Equal([0L, 1L, 2L], accuracy.Select(a => a.Step));
        Assert.Equal(metrics[0].MicroAccuracy, accuracy[0].Value, 6);
        Assert.True(accuracy[0].Value > 0.5, $"accuracy {accuracy[0].Value}");
        var m = stored.LatestMetrics.ToDictionary(x => x.Key, x => x.Value);
        Assert.Equal(metrics[0].MacroAccuracy, m["validation.macro_accuracy"], 6);
        Assert.Equal(metrics[0].LogLoss, m["validation.log_loss"], 6);
        Assert.Equal(metrics[0].TopKAccuracy, m["validation.top_k_accuracy"], 6);

        var artifacts = await tracking.Store.ListArtifactsAsync(run.RunId, default);
        var schemaArtifact = Assert.Single(artifacts, a => a.Path == "model/schema.json");
        using var schema = JsonDocument.Parse(File.ReadAllText(_ws.Open().Cache.PathOf(ContentHash.Parse(schemaArtifact.Hash))));
        var outputs = schema.RootElement.GetProperty("outputs").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal("String", outputs["PredictedWeather"].GetProperty("type").GetString());
        Assert.Equal("Key<UInt32>", outputs["PredictedLabel"].GetProperty("type").GetString());
        Assert.Equal(5, outputs["PredictedLabel"].GetProperty("key_count").GetInt32()); // drizzle, fog, rain, snow, sun
        Assert.Equal(5, outputs["Score"].GetProperty("size").GetInt32());
    }

    [Fact]
    public async Task LightGbm_and_FastTree_binary_classifiers_record_nested_options_and_binary_metrics()
    {
        await using var tracking = Open();
        var ml = new MLContext(seed: 11);
        var data = ml.Data.TrainTestSplit(ml.Data.LoadFromEnumerable(WeatherData.Examples()), testFraction: 0.25, seed: 11);
        var features = ml.Transforms.Concatenate("Features", nameof(WeatherExample.Precipitation), nameof(WeatherExample.TempMax), nameof(WeatherExample.TempMin), nameof(WeatherExample.Wind));
        var trainers = new (string Name, IEstimator<ITransformer> Trainer)[]
        {
            ("lightgbm", ml.BinaryClassification.Trainers.LightGbm(labelColumnName: nameof(WeatherExample.Rain), numberOfIterations: 30)),
            ("fasttree", ml.BinaryClassification.Trainers.FastTree(labelColumnName: nameof(WeatherExample.Rain), numberOfTrees: 30)),
        };
        foreach (var (name, trainer) in trainers)
        {
            await using var run = await tracking.StartRunAsync("weather", name);
            var autolog = ml.Autolog(run);
            var model = await autolog.FitAsync(features.Append(trainer), data.TrainSet);
            var metrics = autolog.BinaryClassification.Evaluate(model.Transform(data.TestSet), labelColumnName: nameof(WeatherExample.Rain), prefix: "test");
            await run.EndAsync();

            var stored = await tracking.Store.GetRunAsync(run.RunId, default);
            var p = stored.Params.ToDictionary(x => x.Key, x => x.Value);
            var m = stored.LatestMetrics.ToDictionary(x => x.Key, x => x.Value);
            Assert.Equal("BinaryClassification", p["mlnet.task"]);
            Assert.Empty(stored.Inputs); // a view built in memory has no file to hash
            Assert.False(p.ContainsKey("mlnet.train.blake3"));
            Assert.Equal(metrics.AreaUnderRocCurve, m["test.auc"], 6);
            Assert.Equal(metrics.LogLoss, m["test.log_loss"], 6);
            Assert.Equal(metrics.F1Score, m["test.f1_score"], 6);
            Assert.True(m["test.auc"] > 0.7, $"{name} auc {m["test.auc"]}");
            if (name == "lightgbm")
            {
                Assert.Equal("LightGbmBinaryTrainer", p["mlnet.trainer"]);
                Assert.Equal("30", p["mlnet.trainer.NumberOfIterations"]);
                Assert.Equal("null", p["mlnet.trainer.LearningRate"]); // unset: LightGBM chooses...
                Assert.Equal("gbdt", p["mlnet.trainer.GbmOptions.boosting_type"]); // ...and what it is given is recorded,
                Assert.True(double.Parse(p["mlnet.trainer.GbmOptions.learning_rate"], System.Globalization.CultureInfo.InvariantCulture) > 0); // with its choices after the fit
                Assert.Equal("0.01", p["mlnet.trainer.GbmOptions.reg_lambda"]); // the default booster's settings
            }
            else
            {
                Assert.Equal("FastTreeBinaryTrainer", p["mlnet.trainer"]);
                Assert.Equal("30", p["mlnet.trainer.NumberOfTrees"]);
            }
        }
    }

    [Fact]
    public async Task Ranking_and_clustering_evaluations_log_their_metrics_and_a_meta_trainer_its_inner_trainer()
    {
        await using var tracking = Open();
        var ml = new MLContext(seed: 5);
        var examples = ml.Data.LoadFromEnumerable(WeatherData.Examples());
        var features = ml.Transforms.Concatenate("Features", nameof(WeatherExample.TempMax), nameof(WeatherExample.TempMin), nameof(WeatherExample.Wind));

        await using (var run = await tracking.StartRunAsync("weather", "ranking"))
        {
            var autolog = ml.Autolog(run, new MLNetAutologOptions { LogModel = false });
            var pipeline = ml.Transforms.Conversion.MapValueToKey("GroupId", nameof(WeatherExample.Month)).Append(features)
                .Append(ml.Ranking.Trainers.FastTree(labelColumnName: nameof(WeatherExample.Relevance), rowGroupColumnName: "GroupId", numberOfTrees: 20));
            var model = await autolog.FitAsync(pipeline, examples);
            var metrics = autolog.Ranking.Evaluate(model.Transform(examples), labelColumnName: nameof(WeatherExample.Relevance));
            await run.EndAsync();
            var m = (await tracking.Store.GetRunAsync(run.RunId, default)).LatestMetrics.ToDictionary(x => x.Key, x => x.Value);
            Assert.Equal(metrics.NormalizedDiscountedCumulativeGains.Count, m.Keys.Count(k => k.StartsWith("eval.ndcg_at_", StringComparison.Ordinal)));
            Assert.Equal(metrics.NormalizedDiscountedCumulativeGains[2], m["eval.ndcg_at_3"], 6);
            Assert.InRange(m["eval.ndcg_at_1"], 0, 1);
            Assert.DoesNotContain(await tracking.Store.ListArtifactsAsync(run.RunId, default), a => a.Path.StartsWith("model/", StringComparison.Ordinal)); // LogModel = false
        }

        await using (var run = await tracking.StartRunAsync("weather", "kmeans"))
        {
            var autolog = ml.Autolog(run);
            var model = await autolog.FitAsync(features.Append(ml.Clustering.Trainers.KMeans(numberOfClusters: 4)), examples);
            var metrics = autolog.Clustering.Evaluate(model.Transform(examples), featureColumnName: "Features", prefix: "clusters");
            await run.EndAsync();
            var stored = await tracking.Store.GetRunAsync(run.RunId, default);
            var p = stored.Params.ToDictionary(x => x.Key, x => x.Value);
            var m = stored.LatestMetrics.ToDictionary(x => x.Key, x => x.Value);
            Assert.Equal("4", p["mlnet.trainer.K"]); // KMeans keeps its settings in fields, not an Options object
            Assert.Equal("Clustering", p["mlnet.task"]);
            Assert.Equal(metrics.AverageDistance, m["clusters.average_distance"], 6);
            Assert.Equal(metrics.DaviesBouldinIndex, m["clusters.davies_bouldin_index"], 6);
            Assert.False(m.ContainsKey("clusters.normalized_mutual_information")); // NaN without labels: left out
        }

        await using (var run = await tracking.StartRunAsync("weather", "one-versus-all"))
        {
            var autolog = ml.Autolog(run, new MLNetAutologOptions { LogModel = false });
            var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", nameof(WeatherExample.Month)).Append(features)
                .Append(ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.AveragedPerceptron(numberOfIterations: 3)));
            await autolog.FitAsync(pipeline, examples);
            await run.EndAsync();
            var p = (await tracking.Store.GetRunAsync(run.RunId, default)).Params.ToDictionary(x => x.Key, x => x.Value);
            Assert.Equal("OneVersusAllTrainer", p["mlnet.trainer"]);
            Assert.Equal("AveragedPerceptronTrainer", p["mlnet.trainer.Trainer"]);
            Assert.Equal("3", p["mlnet.trainer.Trainer.NumberOfIterations"]);
        }
    }

    [Fact]
    public async Task A_second_fit_of_another_pipeline_on_the_same_run_is_refused_with_a_clear_error()
    {
        var (trainFile, _) = WeatherData.Split(_ws.Path("data"));
        await using var tracking = Open();
        var ml = new MLContext(seed: 1);
        await using var run = await tracking.StartRunAsync("weather", "twice");
        var autolog = ml.Autolog(run);
        var train = autolog.LoadFromTextFile<WeatherDay>(trainFile, ',', hasHeader: true);
        IEstimator<ITransformer> Pipeline(float l2) => ml.Transforms.Concatenate("Features", nameof(WeatherDay.TempMin), nameof(WeatherDay.Wind))
            .Append(ml.Regression.Trainers.Sdca(labelColumnName: nameof(WeatherDay.TempMax), l2Regularization: l2));

        await autolog.FitAsync(Pipeline(0.1f), train);
        await autolog.FitAsync(Pipeline(0.1f), train); // the same pipeline again: fine, its model replaces the first
        var error = await Assert.ThrowsAsync<AriadneException>(() => autolog.FitAsync(Pipeline(0.5f), train));
        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Contains("mlnet.trainer.L2Regularization", error.Message, StringComparison.Ordinal);
        Assert.Contains("own run", error.Message, StringComparison.Ordinal);
        await run.EndAsync();
        Assert.Single(await tracking.Store.ListArtifactsAsync(run.RunId, default), a => a.Path == "model/model.zip");
        Assert.Equal(2, (await tracking.Store.GetMetricHistoryAsync(run.RunId, "mlnet.fit_seconds", default)).Count);
    }

    [Fact]
    public async Task Autolog_on_a_run_without_a_workspace_asks_for_one_unless_the_model_is_not_logged()
    {
        using var temp = new TempFolder();
        await using var tracking = TrackingClient.Open("sqlite:///" + temp.Combine("runs.db").TrimStart('/'), temp.Path);
        await using var run = await tracking.StartRunAsync("weather", "nowhere");
        var ml = new MLContext(seed: 1);
        var error = Assert.Throws<AriadneException>(() => ml.Autolog(run));
        Assert.Contains("ariadne init", error.Message, StringComparison.Ordinal);
        Assert.NotNull(ml.Autolog(run, new MLNetAutologOptions { LogModel = false }));
        await run.EndAsync();
    }

    [Fact]
    public async Task The_same_fit_in_two_runs_stores_the_same_model_bytes()
    {
        var (trainFile, _) = WeatherData.Split(_ws.Path("data"));
        await using var tracking = Open();
        var hashes = new List<string>();
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var ml = new MLContext(seed: 5);
            await using var run = await tracking.StartRunAsync("weather", $"same-{attempt}");
            var autolog = ml.Autolog(run);
            var train = autolog.LoadFromTextFile<WeatherDay>(trainFile, ',', hasHeader: true);
            var pipeline = ml.Transforms.Concatenate("Features", nameof(WeatherDay.TempMax), nameof(WeatherDay.TempMin), nameof(WeatherDay.Wind))
                .Append(ml.Regression.Trainers.LbfgsPoissonRegression(new Microsoft.ML.Trainers.LbfgsPoissonRegressionTrainer.Options
                {
                    LabelColumnName = nameof(WeatherDay.Precipitation),
                    NumberOfThreads = 1,
                    MaximumNumberOfIterations = 10,
                }));
            await autolog.FitAsync(pipeline, train);
            await run.EndAsync();
            hashes.Add(Assert.Single(await tracking.Store.ListArtifactsAsync(run.RunId, default), a => a.Path == "model/model.zip").Hash);
            await Task.Delay(2100); // ML.NET dates zip entries to the second (2 s in the zip format): a later save must not differ
        }

        Assert.Equal(hashes[0], hashes[1]);
    }

    [Fact]
    public async Task SaveModel_writes_the_bytes_autolog_stored_with_every_entry_dated_1980_and_a_refit_the_same_bytes()
    {
        var (trainFile, testFile) = WeatherData.Split(_ws.Path("data"));
        await using var tracking = Open();
        IEstimator<ITransformer> Pipeline(MLContext ml) => ml.Transforms.Concatenate("Features", nameof(WeatherDay.TempMax), nameof(WeatherDay.TempMin), nameof(WeatherDay.Wind))
            .Append(ml.Regression.Trainers.LbfgsPoissonRegression(new Microsoft.ML.Trainers.LbfgsPoissonRegressionTrainer.Options
            {
                LabelColumnName = nameof(WeatherDay.Precipitation),
                NumberOfThreads = 1,
                MaximumNumberOfIterations = 10,
            }));

        // When a model fitted through autolog is saved with SaveModel, and the same fit, made without autolog, too.
        var ml = new MLContext(seed: 5);
        await using var run = await tracking.StartRunAsync("weather", "save");
        var autolog = ml.Autolog(run);
        var train = autolog.LoadFromTextFile<WeatherDay>(trainFile, ',', hasHeader: true);
        var model = await autolog.FitAsync(Pipeline(ml), train);
        autolog.SaveModel(model, train.Schema, _ws.Path("model.zip"));
        var again = new MLContext(seed: 5);
        var trainAgain = again.Data.LoadFromTextFile<WeatherDay>(trainFile, ',', hasHeader: true);
        autolog.SaveModel(Pipeline(again).Fit(trainAgain), trainAgain.Schema, _ws.Path("again.zip"));
        await run.EndAsync();

        // Then the file is the stored artifact, byte for byte, and the refit gives the same bytes.
        var logged = Assert.Single(await tracking.Store.ListArtifactsAsync(run.RunId, default), a => a.Path == "model/model.zip");
        Assert.Equal(logged.Hash, ContentHasher.HashFile(_ws.Path("model.zip")).Hex);
        Assert.Equal(File.ReadAllBytes(_ws.Path("model.zip")), File.ReadAllBytes(_ws.Path("again.zip")));

        // Every entry is dated 1980-01-01 (written over in place, nothing recompressed), and ML.NET loads it and predicts as the fitted model.
        using (var zip = System.IO.Compression.ZipFile.OpenRead(_ws.Path("model.zip")))
        {
            Assert.NotEmpty(zip.Entries);
            Assert.All(zip.Entries, e => Assert.Equal(new DateTime(1980, 1, 1), e.LastWriteTime.DateTime));
        }

        var loaded = ml.Model.Load(_ws.Path("model.zip"), out _);
        var sample = ml.Data.LoadFromTextFile<WeatherDay>(testFile, ',', hasHeader: true);
        Assert.Equal(model.Transform(sample).GetColumn<float>("Score").Take(20).ToArray(), loaded.Transform(sample).GetColumn<float>("Score").Take(20).ToArray());
    }

    [Fact]
    public async Task A_model_registered_from_an_autologged_run_gets_its_input_and_output_schema()
    {
        var (trainFile, _) = WeatherData.Split(_ws.Path("data"));
        await using var tracking = Open();
        var ml = new MLContext(seed: 2);
        await using var run = await tracking.StartRunAsync("weather", "registered");
        var autolog = ml.Autolog(run);
        var train = autolog.LoadFromTextFile<WeatherDay>(trainFile, ',', hasHeader: true);
        var pipeline = ml.Transforms.Concatenate("Features", nameof(WeatherDay.TempMax), nameof(WeatherDay.TempMin), nameof(WeatherDay.Wind))
            .Append(ml.Regression.Trainers.LbfgsPoissonRegression(labelColumnName: nameof(WeatherDay.Precipitation)));
        var model = await autolog.FitAsync(pipeline, train);

        // Registered from autolog's own artifacts, and from a copy of the model saved elsewhere with the same bytes.
        var version = await Ariadne.Registry.ModelRegistryExtensions.RegisterModelAsync(run, "rain", "model");
        var copy = Path.Combine(_ws.Path("saved"), "model.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        await tracking.DownloadArtifactAsync(run.RunId, "model/model.zip", copy);
        await run.LogArtifactAsync(copy, "outs/model/model.zip");
        var fromOutput = await Ariadne.Registry.ModelRegistryExtensions.RegisterModelAsync(run, "rain", "outs/model");
        await run.EndAsync();

        foreach (var registered in new[] { version, fromOutput })
        {
            using var inputs = JsonDocument.Parse(registered.InputSchema ?? "null");
            Assert.Contains(inputs.RootElement.EnumerateArray(), c => c.GetProperty("name").GetString() == nameof(WeatherDay.Wind));
            using var outputs = JsonDocument.Parse(registered.OutputSchema ?? "null");
            Assert.Contains(outputs.RootElement.EnumerateArray(), c => c.GetProperty("name").GetString() == "Score");
        }
    }
}
