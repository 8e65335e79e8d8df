using System.Text.Json.Nodes;
using Ariadne.Registry;
using Ariadne.Remotes;
using Ariadne.Server;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Ui;

/// <summary>
/// A tracking server whose store holds what the serving and monitoring commands write (spec18 §1 and §3), written
/// here through the store's primitives: model <c>weather</c> (v1, v2 <c>champion</c>) served by two instances, two
/// monitor runs of v2 (the latest with <c>monitor/report.json</c> and labels for windows 2 to 4, an earlier one with
/// metrics only), three checks of v2 (two fired alerts) and one of v1; model <c>unwatched</c> with nothing at all.
/// </summary>
public sealed class MonitoringUiFixture : IAsyncLifetime
{
    public static readonly string[] Features = ["precipitation", "temp_max", "temp_min", "wind"];

    public const int Windows = 5;

    /// <summary>The drifted cells of the latest monitor run: (feature, window index).</summary>
    public static readonly (string Feature, int Window)[] Drifted = [("temp_max", 2), ("temp_max", 3), ("temp_max", 4), ("temp_min", 3), ("temp_min", 4), ("wind", 4)];

    /// <summary>Accuracy of the windows that have labels (0 and 1 have none).</summary>
    public static readonly double?[] Accuracy = [null, null, 0.91, 0.84, 0.72];

    public static readonly DateTimeOffset FirstWindow = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly TestWorkspace _workspace = new();
    private ITrackingStore? _store;
    private TrackingServer? _server;

    public Uri Address => _server!.Address;

    public string LatestMonitorRunId { get; private set; } = "";

    public string EarlierMonitorRunId { get; private set; } = "";

    public string Url(string fragment) => new Uri(Address, "/#" + fragment).ToString();

    public async Task InitializeAsync()
    {
        var workspace = _workspace.Open();
        _store = TrackingStoreRegistry.Open("sqlite:///" + workspace.DatabaseFile.TrimStart('/'));
        await SeedAsync();
        _server = await TrackingServer.StartAsync(new TrackingServerOptions
        {
            Store = _store,
            Artifacts = ObjectStoreRegistry.Open(new RemoteSettings("artifacts", workspace.Cache.ObjectsFolder, new Dictionary<string, string>())),
            Port = 0,
        });
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        _workspace.Dispose();
    }

    private static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    private static RunTag[] Tags(params (string Key, string Value)[] tags) => [.. tags.Select(t => new RunTag(t.Key, t.Value))];

    private async Task<string> RunAsync(string experimentId, string name, DateTimeOffset start, params (string Key, string Value)[] tags) =>
        (await _store!.CreateRunAsync(new NewRun(experimentId, name, Ms(start), "monitor", Tags: Tags(tags)), CancellationToken.None)).RunId;

    private Task EndAsync(string runId, DateTimeOffset end) => _store!.UpdateRunAsync(runId, RunStatus.Finished, Ms(end), null, CancellationToken.None);

    /// <summary>Stores bytes in the workspace's content cache (the server's artifact store) and records them as an artifact of the run.</summary>
    private async Task ArtifactAsync(string runId, string path, byte[] content)
    {
        var file = _workspace.Outside("upload-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllBytesAsync(file, content);
        var (hash, size) = _workspace.Open().Cache.StoreCopy(file);
        await _store!.LogArtifactsAsync(runId, [new RunArtifact(path, hash.Hex, size)], CancellationToken.None);
        File.Delete(file);
    }

    private async Task SeedAsync()
    {
        var store = _store!;
        var ct = CancellationToken.None;

        // The registered models: weather v1 and v2 (champion) from one training run; unwatched v1.
        var training = await store.CreateExperimentAsync("weather", null, ct);
        var trainRun = await RunAsync(training, "train", FirstWindow.AddDays(-10));
        await ArtifactAsync(trainRun, "model/model.zip", "not really a model"u8.ToArray());
        await EndAsync(trainRun, FirstWindow.AddDays(-10).AddMinutes(5));
        await store.CreateRegisteredModelAsync("weather", "Tells Seattle's weather apart.", null, ct);
        await ModelRegistration.FromRunAsync(store, store, "weather", trainRun, "model", null, "first", "alice", ct);
        await ModelRegistration.FromRunAsync(store, store, "weather", trainRun, "model", "champion", "second", "alice", ct);
        await store.CreateRegisteredModelAsync("unwatched", null, null, ct);
        await ModelRegistration.FromRunAsync(store, store, "unwatched", trainRun, "model", null, null, "alice", ct);

        await SeedServingAsync();
        await SeedMonitorRunsAsync();
        await SeedChecksAsync();
    }

    /// <summary>Two instances of weather (one still serving by alias, one finished that served v1 then v2) and one of another model.</summary>
    private async Task SeedServingAsync()
    {
        var serving = await _store!.CreateExperimentAsync("ariadne-serving", null, CancellationToken.None);
        var start = FirstWindow.AddHours(1);
        var byAlias = await RunAsync(serving, "serve weather@champion", start,
            ("ariadne.serving.model", "weather"), ("ariadne.serving.alias", "champion"), ("ariadne.serving.instance", "127.0.0.1:8080"));
        await PredictionsAsync(byAlias, 2, start, 1);
        await PredictionsAsync(byAlias, 2, start.AddDays(1), 2); // still RUNNING

        var byPid = await RunAsync(serving, "serve weather v1", start.AddMinutes(-30),
            ("ariadne.serving.model", "weather"), ("ariadne.serving.instance", "pid 4242"));
        await PredictionsAsync(byPid, 1, start.AddMinutes(-30), 1);
        await PredictionsAsync(byPid, 1, start.AddMinutes(-20), 2);
        await PredictionsAsync(byPid, 2, start.AddMinutes(-10), 3);
        await EndAsync(byPid, start);

        var other = await RunAsync(serving, "serve other@champion", start, ("ariadne.serving.model", "other"), ("ariadne.serving.instance", "127.0.0.1:9090"));
        await PredictionsAsync(other, 2, start, 1);
    }

    /// <summary>
    /// A flush's batch at the path spec18 §1 names. Its content is not Parquet: the page only lists the batches
    /// (monitoring reads them); the file stands for one.
    /// </summary>
    private Task PredictionsAsync(string runId, int version, DateTimeOffset first, int sequence) =>
        ArtifactAsync(runId, $"predictions/v{version}/{Ms(first):D13}-{sequence:D6}.parquet", System.Text.Encoding.UTF8.GetBytes($"batch {runId} {sequence}"));

    private async Task SeedMonitorRunsAsync()
    {
        var monitoring = await _store!.CreateExperimentAsync("ariadne-monitoring", null, CancellationToken.None);

        // An earlier run over 3 windows of 2 features, written before report.json existed: metrics only, no labels.
        EarlierMonitorRunId = await RunAsync(monitoring, "monitor weather v2", FirstWindow.AddDays(3),
            ("ariadne.monitor.kind", "run"), ("ariadne.monitor.model", "weather"), ("ariadne.monitor.version", "2"), ("ariadne.monitor.window", "1d"));
        var earlier = new List<Metric>();
        for (var w = 0; w < 3; w++)
        {
            var at = Ms(FirstWindow.AddDays(w));
            var drifted = w == 2 ? 1 : 0;
            earlier.AddRange([
                new Metric("rows", 1000 + (100 * w), at, w),
                new Metric("drift_share", drifted / 2.0, at, w),
                new Metric("drift.precipitation", 0.6, at, w), new Metric("drifted.precipitation", 0, at, w),
                new Metric("drift.temp_max", drifted == 1 ? 0.001 : 0.4, at, w), new Metric("drifted.temp_max", drifted, at, w),
                new Metric("prediction_drift", 0.5, at, w), new Metric("prediction_drifted", 0, at, w),
            ]);
        }

        await _store.LogBatchAsync(EarlierMonitorRunId, earlier, [], [], CancellationToken.None);
        await EndAsync(EarlierMonitorRunId, FirstWindow.AddDays(3).AddMinutes(1));

        // The latest run: 4 features over 5 windows, labels from window 2 on, with its report.json.
        LatestMonitorRunId = await RunAsync(monitoring, "monitor weather v2", FirstWindow.AddDays(5),
            ("ariadne.monitor.kind", "run"), ("ariadne.monitor.model", "weather"), ("ariadne.monitor.version", "2"), ("ariadne.monitor.window", "1d"));
        var metrics = new List<Metric>();
        var windows = new JsonArray();
        for (var w = 0; w < Windows; w++)
        {
            var start = FirstWindow.AddDays(w);
            var at = Ms(start);
            var rows = 1000 + (100 * w);
            var drift = new JsonArray();
            var driftedCount = 0;
            foreach (var feature in Features)
            {
                var drifted = Drifted.Contains((feature, w));
                driftedCount += drifted ? 1 : 0;
                var distance = feature == "wind"; // a distance test: no p-value, the score is the statistic
                var statistic = distance ? (drifted ? 0.25 : 0.04) : (drifted ? 0.31 : 0.05);
                double? pValue = distance ? null : drifted ? 0.004 : 0.42;
                drift.Add(new JsonObject
                {
                    ["feature"] = feature,
                    ["test"] = distance ? "wasserstein" : "ks",
                    ["statistic"] = statistic,
                    ["p_value"] = pValue,
                    ["threshold"] = distance ? 0.1 : 0.05,
                    ["drifted"] = drifted,
                });
                metrics.Add(new Metric("drift." + feature, pValue ?? statistic, at, w));
                metrics.Add(new Metric("drifted." + feature, drifted ? 1 : 0, at, w));
            }

            var predictionDrifted = w >= 3;
            metrics.AddRange([
                new Metric("rows", rows, at, w),
                new Metric("drift_share", driftedCount / (double)Features.Length, at, w),
                new Metric("prediction_drift", predictionDrifted ? 0.001 : 0.3, at, w),
                new Metric("prediction_drifted", predictionDrifted ? 1 : 0, at, w),
            ]);
            JsonObject? performance = null;
            if (Accuracy[w] is { } accuracy)
            {
                var labelled = 100 * w;
                metrics.AddRange([
                    new Metric("labelled_rows", labelled, at, w), new Metric("accuracy", accuracy, at, w),
                    new Metric("f1", accuracy - 0.02, at, w), new Metric("auc", accuracy + 0.03, at, w),
                ]);
                performance = new JsonObject { ["labelled_rows"] = labelled, ["accuracy"] = accuracy, ["f1"] = accuracy - 0.02, ["auc"] = accuracy + 0.03 };
            }

            windows.Add(new JsonObject
            {
                ["index"] = w,
                ["start"] = at,
                ["end"] = Ms(start.AddDays(1)),
                ["rows"] = rows,
                ["drift"] = drift,
                ["prediction_drift"] = new JsonObject { ["test"] = "chi2", ["statistic"] = predictionDrifted ? 21.5 : 1.2, ["p_value"] = predictionDrifted ? 0.001 : 0.3, ["drifted"] = predictionDrifted },
                ["performance"] = performance,
            });
        }

        await _store.LogBatchAsync(LatestMonitorRunId, metrics, [], [], CancellationToken.None);
        var report = new JsonObject
        {
            ["model"] = "weather",
            ["version"] = 2,
            ["window"] = "1d",
            ["reference"] = new JsonObject { ["source"] = "runs:/train/data/train.csv", ["rows"] = 1096 },
            ["features"] = new JsonArray([.. Features.Select(f => (JsonNode?)JsonValue.Create(f))]),
            ["windows"] = windows,
        };
        await ArtifactAsync(LatestMonitorRunId, "monitor/report.json", System.Text.Encoding.UTF8.GetBytes(report.ToJsonString()));
        await EndAsync(LatestMonitorRunId, FirstWindow.AddDays(5).AddMinutes(1));
    }

    /// <summary>Checks of v2: two fired alerts (the older one two rules), the newest none; a check of v1 fired one of its own.</summary>
    private async Task SeedChecksAsync()
    {
        var monitoring = (await _store!.GetExperimentByNameAsync("ariadne-monitoring", CancellationToken.None))!.ExperimentId;
        async Task CheckAsync(string version, DateTimeOffset at, params (string Rule, string Message)[] alerts)
        {
            var run = await RunAsync(monitoring, $"check weather v{version}", at,
                [("ariadne.monitor.kind", "check"), ("ariadne.monitor.model", "weather"), ("ariadne.monitor.version", version), .. alerts.Select(a => ("ariadne.alert." + a.Rule, a.Message))]);
            await _store.LogBatchAsync(run, [new Metric("alerts_fired", alerts.Length, Ms(at), 0)], [], [], CancellationToken.None);
            await EndAsync(run, at.AddSeconds(2));
        }

        await CheckAsync("2", FirstWindow.AddDays(4), ("drift_share_high", "drift_share 0.5 is above 0.3"), ("accuracy_low", "accuracy 0.84 is below 0.9"));
        await CheckAsync("2", FirstWindow.AddDays(5), ("accuracy_low", "accuracy 0.72 is below 0.9"));
        await CheckAsync("2", FirstWindow.AddDays(5).AddHours(6));
        await CheckAsync("1", FirstWindow.AddDays(5), ("v1_only", "an alert of version 1"));
    }
}
