using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Ariadne.Monitoring;
using Ariadne.Registry;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Monitoring;

/// <summary>
/// Alert actions that fail, against real listeners on 127.0.0.1: a webhook that answers 500 and one that never answers
/// are retried (4 attempts), the other actions still run, and the check is recorded with the failed action named.
/// </summary>
public sealed class TrialsAlertTests : IDisposable
{
    private static readonly DateTimeOffset Day1 = new(2026, 2, 2, 0, 0, 0, TimeSpan.Zero);
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
        await WeatherModel.LogAsync(log, [.. all.Where(r => r.Summer)], Day1, "summer");
        await log.EndAsync();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private void Config(string webhook, string log) => _ws.Write("ariadne.yaml", $"""
        monitor:
          model: models:/weather@champion
          reference: reference.csv
          rules:
            - name: drift
              when: drift_share > 0.3
              actions:
                - webhook: {webhook}
                - log: {log}
                - exit
        """);

    /// <summary>Answers every request with <paramref name="status"/>, or never answers when null; counts the attempts.</summary>
    private static (HttpListener Listener, Func<int> Attempts) Listen(int port, int? status)
    {
        var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var attempts = 0;
        _ = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                Interlocked.Increment(ref attempts);
                if (status is { } code)
                {
                    context.Response.StatusCode = code;
                    context.Response.Close();
                }
            }
        });
        return (listener, () => Volatile.Read(ref attempts));
    }

    private async Task<Dictionary<string, string>> CheckRunTagsAsync(string output)
    {
        await using var tracking = TrackingClient.Open(folder: _ws.Root);
        var run = await tracking.Store.GetRunAsync(JsonDocument.Parse(output).RootElement.GetProperty("run_id").GetString()!, default);
        Assert.Equal(RunStatus.Finished, run.Info.Status);
        Assert.Equal(1, run.LatestMetrics.Single(m => m.Key == "actions_failed").Value);
        return run.Tags.ToDictionary(t => t.Key, t => t.Value);
    }

    [Fact]
    public async Task A_webhook_answering_500_is_tried_four_times_and_the_recorded_check_names_the_failed_action()
    {
        await LogDriftingWeatherAsync();
        var port = FreePort();
        var (listener, attempts) = Listen(port, 500);
        using (listener)
        {
            Config($"http://127.0.0.1:{port}/alerts", "alerts.log");

            var result = _ws.Cli("monitor", "check", "--json");

            Assert.True(result.ExitCode == 1, result.Error + result.Out);
            Assert.Equal(4, attempts());
            Assert.Contains("the listener answered 500", result.Error, StringComparison.Ordinal);
            Assert.Single(File.ReadAllLines(_ws.Path("alerts.log")));
            var tags = await CheckRunTagsAsync(result.Out);
            Assert.Contains("drift_share", tags["ariadne.alert.drift"], StringComparison.Ordinal);
            Assert.Contains("webhook http://127.0.0.1:", tags["ariadne.monitor.action_failed.drift"], StringComparison.Ordinal);
            Assert.Contains("500", tags["ariadne.monitor.action_failed.drift"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_webhook_that_never_answers_times_out_per_attempt_and_the_check_still_finishes_and_is_recorded()
    {
        await LogDriftingWeatherAsync();
        var port = FreePort();
        var (listener, attempts) = Listen(port, null);
        using (listener)
        {
            Config($"http://127.0.0.1:{port}/alerts", "alerts.log");
            var watch = System.Diagnostics.Stopwatch.StartNew();

            var result = _ws.Cli("monitor", "check", "--json");

            Assert.True(result.ExitCode == 1, result.Error + result.Out);
            Assert.True(watch.Elapsed < TimeSpan.FromMinutes(3), $"took {watch.Elapsed}");
            Assert.Equal(4, attempts());
            Assert.Contains("failed after retries (4 attempts)", result.Error, StringComparison.Ordinal);
            var tags = await CheckRunTagsAsync(result.Out);
            Assert.True(tags.ContainsKey("ariadne.monitor.action_failed.drift"));
        }
    }

    [Fact]
    public async Task A_log_action_that_cannot_write_is_reported_and_recorded_without_relying_on_permissions()
    {
        await LogDriftingWeatherAsync();
        var port = FreePort();
        var (listener, attempts) = Listen(port, 204);
        using (listener)
        {
            Directory.CreateDirectory(_ws.Path("taken")); // a folder where the log file should be: fails as root too
            Config($"http://127.0.0.1:{port}/alerts", "taken");

            var result = _ws.Cli("monitor", "check", "--json");

            Assert.True(result.ExitCode == 1, result.Error + result.Out);
            Assert.Equal(1, attempts());
            Assert.Contains("could not append to", result.Error, StringComparison.Ordinal);
            var tags = await CheckRunTagsAsync(result.Out);
            Assert.Contains("could not append to", tags["ariadne.monitor.action_failed.drift"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Config_mistakes_a_threshold_that_is_not_a_number_a_key_written_twice_and_a_non_http_webhook_are_errors_with_lines()
    {
        _ws.Write("ariadne.yaml", """
            monitor:
              model: models:/weather@champion
              rules:
                - name: drift
                  when: drift_share > high
                  actions: [exit]
                - name: hook
                  when: rows > 5
                  actions: [{webhook: file:///etc/passwd}]
                - name: metric
                  when: precision > 0.5
                  actions: [exit]
            """);
        var bad = _ws.Cli("monitor", "check");
        _ws.Write("ariadne.yaml", "monitor:\n  model: models:/a@b\n  window: 1d\n  window: 2d\n  rules: []\n");
        var twice = _ws.Cli("monitor", "check");

        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("ariadne.yaml:5: 'when: drift_share > high' is not a condition", bad.Error, StringComparison.Ordinal);
        Assert.Contains("ariadne.yaml:9: 'webhook: file:///etc/passwd' is not an http(s) URL", bad.Error, StringComparison.Ordinal);
        Assert.Contains("ariadne.yaml:11: unknown metric 'precision'", bad.Error, StringComparison.Ordinal);
        Assert.Equal(2, twice.ExitCode);
        Assert.Contains("ariadne.yaml:4: 'window' is written twice in one mapping (first on line 3)", twice.Error, StringComparison.Ordinal);
    }
}
