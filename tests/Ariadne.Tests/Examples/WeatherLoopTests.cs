using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Ariadne.Monitoring;
using Ariadne.Schedules;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Examples;

/// <summary>
/// The weather example's loop against real processes: run.sh trains on summer 2013, serves models:/weather@champion
/// with 'ariadne serve', streams summer 2014, autumn 2014 and winter 2014-15 to /predict (one 5 s window each), sends the
/// true labels and runs the monitor; then the alert goes to a webhook listener on 127.0.0.1, and the example's schedule
/// runs the check through 'schedule run-now' and a real 'ariadne server'.
/// </summary>
public sealed class WeatherLoopTests(WeatherExample example) : IClassFixture<WeatherExample>
{
    private static readonly string[] Features = ["precipitation", "temp_max", "temp_min", "wind"];

    private CliRunner.Result Cli(params string[] args) => CliRunner.Run(example.Root, args);

    [Fact]
    public void Run_sh_serves_the_seasons_and_monitor_run_shows_them_drift_and_the_accuracy_fall()
    {
        Assert.True(example.ExitCode == 0, example.Output);
        Assert.Contains("Registered models:/weather/1", example.Output, StringComparison.Ordinal);
        Assert.Contains("Stored 273 label(s) for weather", example.Output, StringComparison.Ordinal);
        // All 273 match: serve, stopped with SIGTERM, wrote its last batch before the labels came.
        Assert.True(example.Output.Contains("273 match a logged prediction", StringComparison.Ordinal), example.Output);
        Assert.Contains("ariadne monitor check exited with 1", example.Output, StringComparison.Ordinal);
        var alerts = File.ReadAllLines(Path.Combine(example.Root, "logs", "alerts.log"));
        Assert.Contains(alerts, l => l.Contains(" alert drift drift_share = 1 (> 0.3)", StringComparison.Ordinal));
        Assert.Contains(alerts, l => l.Contains(" alert accuracy accuracy = ", StringComparison.Ordinal));

        var result = Cli("monitor", "run", "--json");

        Assert.True(result.ExitCode == 0, result.Error + result.Out);
        var report = JsonDocument.Parse(result.Out).RootElement.GetProperty("report");
        Assert.Equal(("weather", 1, "5s"), (report.GetProperty("model").GetString(), report.GetProperty("version").GetInt32(), report.GetProperty("window").GetString()));
        Assert.Equal(92, report.GetProperty("reference").GetProperty("rows").GetInt64()); // summer 2013, kept at registration
        Assert.Contains("training data blake3", report.GetProperty("reference").GetProperty("source").GetString(), StringComparison.Ordinal);
        var windows = report.GetProperty("windows").EnumerateArray().ToList();
        Assert.Equal([92, 91, 90], windows.Select(w => w.GetProperty("rows").GetInt32())); // summer 2014, autumn 2014, winter 2014-15: one window each
        Assert.Equal(windows.Select(w => w.GetProperty("rows").GetInt32()), windows.Select(w => w.GetProperty("performance").GetProperty("labelled_rows").GetInt32()));

        // The summer a year later does not drift from the training summer; autumn and winter drift in every feature.
        Assert.Equal(0, windows[0].GetProperty("drift_share").GetDouble());
        foreach (var season in windows.Skip(1))
        {
            var drifted = season.GetProperty("drift").EnumerateArray().Where(d => d.GetProperty("drifted").GetBoolean()).Select(d => d.GetProperty("feature").GetString()).Order();
            Assert.Equal(Features, drifted);
            Assert.Equal(1, season.GetProperty("drift_share").GetDouble());
            Assert.True(season.GetProperty("prediction_drift").GetProperty("drifted").GetBoolean()); // more rain predicted than in summer
        }

        // The accuracy falls season by season, from what it was in training (0.86) to below the rule's 0.75.
        var accuracy = windows.Select(w => w.GetProperty("performance").GetProperty("accuracy").GetDouble()).ToList();
        Assert.True(accuracy[0] > 0.8 && accuracy[0] > accuracy[1] && accuracy[1] > accuracy[2] && accuracy[2] < 0.75, string.Join(", ", accuracy));

        // The table tells the 5 s windows apart: their starts are shown to the second.
        var table = Cli("monitor", "run");
        var starts = windows.Select(w => DateTimeOffset.FromUnixTimeMilliseconds(w.GetProperty("start").GetInt64()).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(3, starts.Distinct().Count());
        Assert.All(starts, start => Assert.Contains(start, table.Out, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Monitor_check_posts_the_examples_alerts_to_a_webhook_on_loopback_and_exits_non_zero()
    {
        Assert.True(example.ExitCode == 0, example.Output);
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var received = Task.Run(async () =>
        {
            var bodies = new List<(string Method, string? ContentType, string Body)>();
            while (bodies.Count < 2)
            {
                var context = await listener.GetContextAsync();
                using var reader = new StreamReader(context.Request.InputStream);
                bodies.Add((context.Request.HttpMethod, context.Request.ContentType, await reader.ReadToEndAsync()));
                context.Response.StatusCode = 204;
                context.Response.Close();
            }

            return bodies;
        });
        // The example's rules, with a webhook added to each (a copy of ariadne.yaml, so the other tests see the original).
        var config = File.ReadAllText(Path.Combine(example.Root, "ariadne.yaml"))
            .Replace("actions: [exit, {log: logs/alerts.log}]", $"actions: [exit, {{log: logs/alerts.log}}, {{webhook: \"http://127.0.0.1:{port}/alerts\"}}]", StringComparison.Ordinal);
        Assert.Equal(2, config.Split("webhook:").Length - 1);
        File.WriteAllText(Path.Combine(example.Root, "webhook.yaml"), config);

        var result = Cli("monitor", "check", "--config", "webhook.yaml", "--json");

        Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}: {result.Error}{result.Out}");
        var posts = await received.WaitAsync(TimeSpan.FromSeconds(60));
        var alerts = posts.Select(p =>
        {
            Assert.Equal("POST", p.Method);
            Assert.StartsWith("application/json", p.ContentType, StringComparison.Ordinal);
            return JsonDocument.Parse(p.Body).RootElement;
        }).ToDictionary(a => a.GetProperty("rule").GetString()!);
        Assert.Equal(["accuracy", "drift"], alerts.Keys.Order());
        Assert.All(alerts.Values, a => Assert.Equal(("weather", 1, "5s"), (a.GetProperty("model").GetString(), a.GetProperty("version").GetInt32(), a.GetProperty("window").GetProperty("length").GetString())));
        Assert.Equal(("drift_share", 1.0), (alerts["drift"].GetProperty("metric").GetString(), alerts["drift"].GetProperty("value").GetDouble()));
        Assert.Equal("accuracy", alerts["accuracy"].GetProperty("metric").GetString());
        Assert.True(alerts["accuracy"].GetProperty("value").GetDouble() < 0.75);
        Assert.Equal("accuracy < 0.75", alerts["accuracy"].GetProperty("condition").GetString());

        // Recorded as a check run with a tag per fired rule.
        var json = JsonDocument.Parse(result.Out).RootElement;
        await using var tracking = TrackingClient.Open(folder: example.Root);
        var run = await tracking.Store.GetRunAsync(json.GetProperty("run_id").GetString()!, default);
        var tags = run.Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal(("check", "weather"), (tags[MonitoringNames.KindTag], tags[MonitoringNames.ModelTag]));
        Assert.Contains("drift_share = 1", tags["ariadne.alert.drift"], StringComparison.Ordinal);
        Assert.Contains("accuracy = ", tags["ariadne.alert.accuracy"], StringComparison.Ordinal);
        Assert.Equal(2, run.LatestMetrics.Single(m => m.Key == "alerts_fired").Value);
    }

    [Fact]
    public async Task The_examples_drift_check_schedule_runs_the_check_from_run_now_and_from_ariadne_server_as_failed_runs()
    {
        Assert.True(example.ExitCode == 0, example.Output);

        var now = Cli("schedule", "run-now", "drift-check");

        Assert.True(now.ExitCode == 1, $"exit {now.ExitCode}: {now.Error}{now.Out}");
        Assert.Contains("FIRED  drift", now.Out, StringComparison.Ordinal);
        var manual = Assert.Single(await ScheduleRunsAsync(), r => Tag(r, ScheduleKeys.TriggerTag) == ScheduleKeys.ManualTrigger);
        await AssertFailedCheckAsync(manual);

        // The same schedule on a cron every two seconds, run by a real 'ariadne server' in the workspace.
        var yaml = Path.Combine(example.Root, "ariadne.yaml");
        var original = File.ReadAllText(yaml);
        File.WriteAllText(yaml, original.Replace("cron: \"*/30 * * * *\"", "cron: \"*/2 * * * * *\"", StringComparison.Ordinal));
        using var server = Process.Start(CliRunner.ProcessStart(example.Root, "server", "--port", "0"))!;
        _ = server.StandardOutput.ReadToEndAsync();
        var serverError = server.StandardError.ReadToEndAsync();
        Run? cron = null;
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (cron is null && DateTime.UtcNow < deadline && !server.HasExited)
            {
                await Task.Delay(500);
                cron = (await ScheduleRunsAsync()).FirstOrDefault(r => Tag(r, ScheduleKeys.TriggerTag) == ScheduleKeys.CronTrigger && r.Info.Status != RunStatus.Running);
            }
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
            }

            await server.WaitForExitAsync();
            File.WriteAllText(yaml, original);
        }

        Assert.True(cron is not null, "no cron run of drift-check in 120 s: " + await serverError);
        await AssertFailedCheckAsync(cron);
        Assert.NotNull(Tag(cron, ScheduleKeys.SlotTag));
    }

    /// <summary>A schedule run of drift-check whose check fired: FAILED with exit code 1, and the check's output kept as its log.</summary>
    private async Task AssertFailedCheckAsync(Run run)
    {
        Assert.Equal(RunStatus.Failed, run.Info.Status);
        Assert.Equal("drift-check", Tag(run, ScheduleKeys.ScheduleTag));
        Assert.Equal("1", Tag(run, "ariadne.run.exit_code"));
        var output = Path.Combine(example.Root, $"schedule-{run.Info.RunId}.log");
        await using var tracking = TrackingClient.Open(folder: example.Root);
        await tracking.DownloadArtifactAsync(run.Info.RunId, "logs/output.log", output, default);
        Assert.Contains("FIRED  accuracy", File.ReadAllText(output), StringComparison.Ordinal);
    }

    private async Task<List<Run>> ScheduleRunsAsync()
    {
        await using var tracking = TrackingClient.Open(folder: example.Root);
        var experiment = await tracking.Store.GetExperimentByNameAsync(ScheduleKeys.Experiment, default);
        return experiment is null ? [] : [.. (await tracking.Store.SearchRunsAsync(new RunSearch([experiment.ExperimentId]), default)).Runs];
    }

    private static string? Tag(Run run, string key) => run.Tags.Where(t => t.Key == key).Select(t => (string?)t.Value).FirstOrDefault();

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
