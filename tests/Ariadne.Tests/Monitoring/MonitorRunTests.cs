using System.Text.Json;
using Ariadne.Monitoring;
using Ariadne.Postgres;
using Ariadne.Registry;
using Ariadne.Remotes;
using Ariadne.Tests.Postgres;
using Ariadne.Tests.Server;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Monitoring;

/// <summary>
/// <c>ariadne monitor run</c> over a real prediction log: the Seattle weather data split by season drifts, a split of
/// the same season does not; results are stored as spec'd in SQLite, PostgreSQL and through a tracking server.
/// </summary>
[Collection(PostgresServerCollection.Name)]
[Trait(Service.Trait, Service.PostgreSQL)]
public sealed class MonitorRunTests(PostgresServerFixture postgres) : IDisposable
{
    private static readonly DateTimeOffset Day1 = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    /// <summary>Winter days alternate between the training data and the first day's log; the second day logs summer days.</summary>
    private static (List<SeattleWeather> Training, List<SeattleWeather> SameSeason, List<SeattleWeather> Summer) Split()
    {
        var all = SeattleWeather.Load();
        var winter = all.Where(r => r.Winter).ToList();
        return ([.. winter.Where((_, i) => i % 2 == 0)], [.. winter.Where((_, i) => i % 2 == 1)], [.. all.Where(r => r.Summer)]);
    }

    private async Task LogSeasonsAsync(TrackingClient tracking)
    {
        var (_, sameSeason, summer) = Split();
        var log = new PredictionLogBatches(tracking, "weather");
        await WeatherModel.LogAsync(log, sameSeason, Day1.AddHours(1), "winter");
        await WeatherModel.LogAsync(log, summer, Day1.AddDays(1).AddHours(1), "summer");
        await log.EndAsync();
    }

    [Fact]
    public async Task Monitor_run_finds_drift_in_the_summer_window_and_none_in_the_same_season_window_against_the_training_data()
    {
        var (training, _, _) = Split();
        await using (var tracking = TrackingClient.Open(folder: _ws.Root))
        {
            var registered = await WeatherModel.RegisterAsync(tracking, _ws, training);
            await LogSeasonsAsync(tracking);
            var version = await tracking.Store.GetModelVersionAsync("weather", registered.Version, default);
            Assert.StartsWith("runs:/", version.Tags[MonitoringNames.ReferenceTag], StringComparison.Ordinal); // kept at registration
        }

        var result = _ws.CliOk("monitor", "run", "models:/weather@champion", "--window", "1d", "--json");

        var json = JsonDocument.Parse(result.Out).RootElement;
        var report = json.GetProperty("report");
        Assert.Equal("weather", report.GetProperty("model").GetString());
        Assert.Equal(training.Count, report.GetProperty("reference").GetProperty("rows").GetInt64());
        var windows = report.GetProperty("windows").EnumerateArray().ToList();
        Assert.Equal(2, windows.Count);
        Assert.Equal([0, 1], windows.Select(w => w.GetProperty("index").GetInt32()));
        Assert.Equal(Day1.ToUnixTimeMilliseconds(), windows[0].GetProperty("start").GetInt64());
        Assert.Equal(0, windows[0].GetProperty("drift_share").GetDouble());
        Assert.All(windows[0].GetProperty("drift").EnumerateArray(), d => Assert.False(d.GetProperty("drifted").GetBoolean()));
        var summer = windows[1].GetProperty("drift").EnumerateArray().ToDictionary(d => d.GetProperty("feature").GetString()!);
        Assert.Equal(["precipitation", "temp_max", "temp_min", "wind"], summer.Keys.Order());
        Assert.Equal("ks", summer["temp_max"].GetProperty("test").GetString()); // a reference of at most 1,000 rows: Kolmogorov–Smirnov
        Assert.True(summer["temp_max"].GetProperty("drifted").GetBoolean());
        Assert.True(summer["temp_min"].GetProperty("drifted").GetBoolean());
        Assert.True(summer["temp_max"].GetProperty("p_value").GetDouble() < 1e-10);
        Assert.True(windows[1].GetProperty("drift_share").GetDouble() >= 0.5);
        Assert.True(windows[1].GetProperty("prediction_drift").GetProperty("drifted").GetBoolean()); // more sun in summer
        Assert.Equal(JsonValueKind.Null, windows[1].GetProperty("performance").ValueKind);

        // Stored as spec'd: a run in ariadne-monitoring with one point per window and the report artifact.
        await using var check = TrackingClient.Open(folder: _ws.Root);
        var run = await check.Store.GetRunAsync(json.GetProperty("run_id").GetString()!, default);
        Assert.Equal("monitor weather v1", run.Info.RunName);
        var tags = run.Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal(("run", "weather", "1", "1d"), (tags["ariadne.monitor.kind"], tags["ariadne.monitor.model"], tags["ariadne.monitor.version"], tags["ariadne.monitor.window"]));
        var share = await check.Store.GetMetricHistoryAsync(run.Info.RunId, "drift_share", default);
        Assert.Equal([0L, 1L], share.Select(m => m.Step));
        Assert.Equal([Day1.ToUnixTimeMilliseconds(), Day1.AddDays(1).ToUnixTimeMilliseconds()], share.Select(m => m.Timestamp));
        Assert.Equal(1, (await check.Store.GetMetricHistoryAsync(run.Info.RunId, "drifted.temp_max", default)).Single(m => m.Step == 1).Value);
        Assert.Equal(summer["temp_max"].GetProperty("p_value").GetDouble(), (await check.Store.GetMetricHistoryAsync(run.Info.RunId, "drift.temp_max", default)).Single(m => m.Step == 1).Value, 12);
        Assert.Equal(Split().SameSeason.Count, (await check.Store.GetMetricHistoryAsync(run.Info.RunId, "rows", default)).Single(m => m.Step == 0).Value);
        Assert.Contains(await check.Store.ListArtifactsAsync(run.Info.RunId, default), a => a.Path == "monitor/report.json");
        var table = _ws.CliOk("monitor", "run", "models:/weather@champion");
        Assert.Contains("temp_max", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Monitor_run_stores_its_windows_in_postgresql_with_a_named_reference_file()
    {
        PostgresStore.Register();
        var uri = await postgres.CreateDatabaseAsync();
        var (training, _, _) = Split();
        _ws.Write("reference.csv", SeattleWeather.Csv(training));
        await using var tracking = TrackingClient.Open(uri, _ws.Root);
        _ws.Write("model/model.zip", "weights");
        await using (var run = await tracking.StartRunAsync("weather", "train"))
        {
            await run.RegisterModelAsync("weather", _ws.Path("model"), alias: "champion");
        }

        await LogSeasonsAsync(tracking);
        var version = await ModelUri.Parse("models:/weather@champion").ResolveAsync(tracking.Store);

        var report = await ModelMonitor.ComputeAsync(tracking, version, new MonitorOptions { Window = MonitorWindow.Parse("1d"), ReferenceFile = _ws.Path("reference.csv") }, default);
        var runId = await MonitorRecorder.RecordAsync(tracking, report, default);

        Assert.StartsWith("file:", report.ReferenceSource, StringComparison.Ordinal);
        Assert.Equal([0.0, report.Windows[1].DriftShare], report.Windows.Select(w => w.DriftShare));
        Assert.True(report.Windows[1].DriftShare >= 0.5);
        await using var store = PostgresStore.Open(uri);
        var stored = await store.GetMetricHistoryAsync(runId, "drifted.temp_min", default);
        Assert.Equal([0.0, 1.0], stored.Select(m => m.Value));
        var stored2 = await store.GetRunAsync(runId, default);
        Assert.Equal("ariadne-monitoring", (await store.GetExperimentAsync(stored2.Info.ExperimentId, default))!.Name);
    }

    [Fact]
    public async Task Monitor_run_reads_the_log_and_keeps_the_reference_through_a_tracking_server()
    {
        using var folder = new TempFolder();
        await using var database = TrackingStoreRegistry.Open("sqlite:///" + folder.Combine("tracking.db").TrimStart('/'));
        await using var server = await ServerUnderTest.StartAsync(database, new LocalFolderStore(new RemoteSettings("artifacts", folder.Combine("artifacts"), new Dictionary<string, string>())));
        var (training, _, _) = Split();
        await using var tracking = TrackingClient.Open(server.Address.ToString(), _ws.Root);
        await WeatherModel.RegisterAsync(tracking, _ws, training);
        await LogSeasonsAsync(tracking);
        var version = await ModelUri.Parse("models:/weather@champion").ResolveAsync(tracking.Store);

        var report = await ModelMonitor.ComputeAsync(tracking, version, new MonitorOptions(), default);
        var runId = await MonitorRecorder.RecordAsync(tracking, report, default);

        Assert.Contains("training data blake3", report.ReferenceSource, StringComparison.Ordinal);
        Assert.Equal(training.Count, report.ReferenceRows);
        Assert.Equal(0, report.Windows[0].DriftShare);
        Assert.Contains(report.Windows[1].Drift, d => d.Column == "temp_max" && d.Drifted);
        Assert.Equal(2, (await database.GetMetricHistoryAsync(runId, "drift_share", default)).Count);
        Assert.Contains(await database.ListArtifactsAsync(runId, default), a => a.Path == "monitor/report.json");
    }

    [Fact]
    public void Monitor_run_without_logged_predictions_says_how_to_log_them()
    {
        _ws.Write("model/model.zip", "weights");
        _ws.CliOk("models", "register", "weather", "model", "--alias", "champion");
        _ws.Write("reference.csv", "x\n1\n2\n");

        var result = _ws.Cli("monitor", "run", "models:/weather@champion", "--reference", "reference.csv");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("has no logged predictions", result.Error, StringComparison.Ordinal);
        Assert.Contains("ariadne serve", result.Error, StringComparison.Ordinal);
    }
}
