using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Ariadne.Registry;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Monitoring;

/// <summary>
/// <c>ariadne monitor check</c> evaluates the rules of the <c>monitor:</c> section once: a fired rule exits non-zero,
/// POSTs its JSON to a real listener on 127.0.0.1 and appends a log line; bad rules fail with their line number.
/// </summary>
public sealed class MonitorAlertTests : IDisposable
{
    private static readonly DateTimeOffset Day1 = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private async Task LogDriftingWeatherAsync()
    {
        var all = SeattleWeather.Load();
        var winter = all.Where(r => r.Winter).ToList();
        _ws.Write("reference.csv", SeattleWeather.Csv(winter.Where((_, i) => i % 2 == 0)));
        await using var tracking = TrackingClient.Open(folder: _ws.Root);
        _ws.Write("model/model.zip", "weights");
        await using (var run = await tracking.StartRunAsync("weather", "train"))
        {
            await run.RegisterModelAsync("weather", _ws.Path("model"), alias: "champion");
        }

        var log = new PredictionLogBatches(tracking, "weather");
        await WeatherModel.LogAsync(log, [.. winter.Where((_, i) => i % 2 == 1)], Day1, "winter");
        await WeatherModel.LogAsync(log, [.. all.Where(r => r.Summer)], Day1.AddDays(1), "summer");
        await log.EndAsync();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private string Config(string webhook) => _ws.Write("ariadne.yaml", $"""
        stages: {"{}"}
        monitor:
          model: models:/weather@champion
          window: 1d
          reference: reference.csv
          rules:
            - name: drift
              when: drift_share > 0.3
              over: 1d
              actions:
                - exit
                - webhook: {webhook}
                - log: alerts/monitor.log
            - name: empty
              when: rows < 1
              actions: [exit]
        """);

    [Fact]
    public async Task A_fired_rule_posts_its_json_to_the_webhook_appends_a_log_line_exits_non_zero_and_is_recorded()
    {
        await LogDriftingWeatherAsync();
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var received = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            var request = (context.Request.HttpMethod, context.Request.ContentType, context.Request.Url!.AbsolutePath, body);
            context.Response.StatusCode = 204;
            context.Response.Close();
            return request;
        });
        Config($"http://127.0.0.1:{port}/alerts");

        var result = _ws.Cli("monitor", "check", "--json");

        Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}: {result.Error}{result.Out}");
        var (method, contentType, path, body) = await received.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(("POST", "/alerts"), (method, path));
        Assert.StartsWith("application/json", contentType, StringComparison.Ordinal);
        var alert = JsonDocument.Parse(body).RootElement;
        Assert.Equal("drift", alert.GetProperty("rule").GetString());
        Assert.Equal("weather", alert.GetProperty("model").GetString());
        Assert.Equal(1, alert.GetProperty("version").GetInt32());
        Assert.Equal("drift_share", alert.GetProperty("metric").GetString());
        Assert.True(alert.GetProperty("value").GetDouble() > 0.3);
        Assert.Equal("1d", alert.GetProperty("window").GetProperty("length").GetString());
        Assert.Equal(Day1.AddDays(1).ToUnixTimeMilliseconds(), alert.GetProperty("window").GetProperty("start").GetInt64());
        Assert.True(DateTimeOffset.TryParse(alert.GetProperty("time").GetString(), out _));

        var line = Assert.Single(File.ReadAllLines(_ws.Path("alerts/monitor.log")));
        Assert.Contains("alert drift drift_share = ", line, StringComparison.Ordinal);

        var json = JsonDocument.Parse(result.Out).RootElement;
        var rules = json.GetProperty("rules").EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!, r => r.GetProperty("fired").GetBoolean());
        Assert.Equal(new Dictionary<string, bool> { ["drift"] = true, ["empty"] = false }, rules);
        await using var tracking = TrackingClient.Open(folder: _ws.Root);
        var run = await tracking.Store.GetRunAsync(json.GetProperty("run_id").GetString()!, default);
        var tags = run.Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal(("check", "weather", "1"), (tags["ariadne.monitor.kind"], tags["ariadne.monitor.model"], tags["ariadne.monitor.version"]));
        Assert.Contains("drift_share", tags["ariadne.alert.drift"], StringComparison.Ordinal);
        Assert.False(tags.ContainsKey("ariadne.alert.empty"));
        Assert.Equal(1, run.LatestMetrics.Single(m => m.Key == "alerts_fired").Value);
    }

    [Fact]
    public async Task A_webhook_nobody_answers_is_reported_and_the_log_and_exit_code_still_happen()
    {
        await LogDriftingWeatherAsync();
        Config($"http://127.0.0.1:{FreePort()}/alerts");

        var result = _ws.Cli("monitor", "check");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("FIRED  drift", result.Out, StringComparison.Ordinal);
        Assert.Contains("webhook http://127.0.0.1:", result.Error, StringComparison.Ordinal);
        Assert.Contains("failed after retries", result.Error, StringComparison.Ordinal);
        Assert.Single(File.ReadAllLines(_ws.Path("alerts/monitor.log")));
    }

    [Fact]
    public async Task Rules_that_do_not_fire_exit_zero()
    {
        await LogDriftingWeatherAsync();
        _ws.Write("ariadne.yaml", """
            monitor:
              model: models:/weather@champion
              reference: reference.csv
              rules:
                - name: flood
                  when: rows > 100000
                  actions: [exit]
            """);

        var result = _ws.Cli("monitor", "check");

        Assert.True(result.ExitCode == 0, result.Error + result.Out);
        Assert.Contains("0 of 1 rule(s) fired", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_rules_are_reported_with_their_line_numbers_and_suggestions()
    {
        _ws.Write("ariadne.yaml", """
            monitor:
              model: models:/weather@champion
              rules:
                - name: drift
                  when: drift_share >> 0.3
                  actions: [exit]
                - name: quality
                  when: acuracy < 0.9
                  actions: [exit, {webhok: http://127.0.0.1:1/}]
                - name: noisy
                  wen: rows > 5
              windw: 1d
            """);

        var result = _ws.Cli("monitor", "check");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("ariadne.yaml:5: 'when: drift_share >> 0.3' is not a condition", result.Error, StringComparison.Ordinal);
        Assert.Contains("ariadne.yaml:8: unknown metric 'acuracy' in 'when' (did you mean 'accuracy'?)", result.Error, StringComparison.Ordinal);
        Assert.Contains("ariadne.yaml:9: unknown action 'webhok' (did you mean 'webhook'?)", result.Error, StringComparison.Ordinal);
        Assert.Contains("ariadne.yaml:11: a rule has an unknown field 'wen' (did you mean 'when'?)", result.Error, StringComparison.Ordinal);
        Assert.Contains("ariadne.yaml:12: 'monitor:' has an unknown key 'windw' (did you mean 'window'?)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_window_that_is_not_a_length_is_an_error_with_its_line()
    {
        _ws.Write("ariadne.yaml", "monitor:\n  model: models:/weather@champion\n  window: daily\n  rules: []\n");

        var result = _ws.Cli("monitor", "check");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("ariadne.yaml:3: 'daily' is not a window length", result.Error, StringComparison.Ordinal);
    }
}
