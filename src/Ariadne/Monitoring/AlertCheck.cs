using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Ariadne.Registry;
using Ariadne.Tracking;
using Polly;
using Polly.Retry;

namespace Ariadne.Monitoring;

/// <summary>
/// <c>ariadne monitor check</c>: evaluates each rule of the <c>monitor:</c> section once on the latest window (of the
/// rule's <c>over</c> length) that has the rule's metric, runs the actions of the rules that fired, and records a run of
/// <c>ariadne-monitoring</c> (kind <c>check</c>) with a tag <c>ariadne.alert.{rule}</c> per fired rule and the metric
/// <c>alerts_fired</c>. A webhook or log action that fails is reported and does not stop the other actions.
/// </summary>
internal static class AlertCheck
{
    public sealed record Alert(AlertRule Rule, string WindowText, double? Value, WindowResult? Window, bool Fired, string Message);

    public sealed record Result(string RunId, string Model, int Version, IReadOnlyList<Alert> Alerts, IReadOnlyList<string> Failures, bool Exit);

    public static async Task<Result> RunAsync(TrackingClient tracking, MonitorConfig config, string? modelUri, string? reference, HttpClient http, CancellationToken cancellationToken)
    {
        var uri = modelUri ?? config.Model ?? throw AriadneException.InvalidArgument($"No model to check: name one (ariadne monitor check models:/NAME@ALIAS) or set 'model:' in the monitor: section of {config.File}.");
        var version = await ModelUri.Parse(uri).ResolveAsync(tracking.Store, cancellationToken).ConfigureAwait(false);
        var referenceFile = reference ?? (config.Reference is { } r ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(config.File))!, r) : null);
        var reports = new Dictionary<long, MonitorReport>();
        var alerts = new List<Alert>();
        var now = tracking.Time.GetUtcNow();
        foreach (var rule in config.Rules)
        {
            var window = rule.Over ?? config.Window;
            if (!reports.TryGetValue(window.Milliseconds, out var report))
            {
                report = await ModelMonitor.ComputeAsync(tracking, version, new MonitorOptions { Window = window, ReferenceFile = referenceFile }, cancellationToken).ConfigureAwait(false);
                reports[window.Milliseconds] = report;
            }

            var latest = report.Windows.LastOrDefault(w => w.Metrics().ContainsKey(rule.Metric));
            if (latest is null)
            {
                alerts.Add(new Alert(rule, window.Text, null, null, false, $"{rule.Name}: no {window.Text} window has '{rule.Metric}' yet"));
                continue;
            }

            var value = latest.Metrics()[rule.Metric];
            var fired = rule.Holds(value);
            var message = $"{rule.Metric} = {value.ToString("0.####", CultureInfo.InvariantCulture)} ({(fired ? "" : "not ")}{rule.Operator} {rule.Threshold.ToString("R", CultureInfo.InvariantCulture)}) in the {window.Text} window from {latest.StartText} UTC, {version.Uri}";
            alerts.Add(new Alert(rule, window.Text, value, latest, fired, message));
        }

        var failures = new List<string>();
        var failed = new Dictionary<string, string>(StringComparer.Ordinal);
        var exit = false;
        foreach (var alert in alerts.Where(a => a.Fired))
        {
            foreach (var action in alert.Rule.Actions)
            {
                switch (action.Kind)
                {
                    case AlertActionKind.Exit:
                        exit = true;
                        break;
                    case AlertActionKind.Webhook:
                        try
                        {
                            await PostAsync(http, action.Target!, Body(alert, version, now), cancellationToken).ConfigureAwait(false);
                        }
                        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is HttpRequestException or OperationCanceledException or InvalidOperationException or UriFormatException or Polly.Timeout.TimeoutRejectedException)
                        {
                            failures.Add($"rule '{alert.Rule.Name}': webhook {action.Target} failed after retries ({Retries + 1} attempts): {e.Message}");
                            failed[alert.Rule.Name] = failures[^1];
                        }

                        break;
                    case AlertActionKind.Log:
                        var file = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(config.File))!, action.Target!);
                        try
                        {
                            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                            await File.AppendAllTextAsync(file, $"{now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)} alert {alert.Rule.Name} {alert.Message}\n", cancellationToken).ConfigureAwait(false);
                        }
                        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                        {
                            failures.Add($"rule '{alert.Rule.Name}': could not append to {file}: {e.Message}");
                            failed[alert.Rule.Name] = failures[^1];
                        }

                        break;
                }
            }
        }

        var tags = new Dictionary<string, string>
        {
            [MonitoringNames.KindTag] = "check",
            [MonitoringNames.ModelTag] = version.Name,
            [MonitoringNames.VersionTag] = version.Version.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var alert in alerts.Where(a => a.Fired))
        {
            tags[MonitoringNames.AlertTagPrefix + alert.Rule.Name] = alert.Message;
        }

        // An action that failed is on the run too (the check is still recorded), so a dashboard sees a missed alert.
        foreach (var (rule, failure) in failed)
        {
            tags[MonitoringNames.ActionFailedTagPrefix + rule] = failure;
        }

        await Schedules.Scheduler.ReapAsync(tracking.Store, tracking.Time, cancellationToken).ConfigureAwait(false);
        await using var run = await tracking.StartNewRunAsync(MonitoringNames.MonitoringExperiment, $"check {version.Name} v{version.Version}", null, tags, captureEnvironment: false, cancellationToken).ConfigureAwait(false);
        run.LogMetric("alerts_fired", alerts.Count(a => a.Fired), 0);
        run.LogMetric("actions_failed", failures.Count, 0);
        foreach (var alert in alerts.Where(a => a.Value is not null))
        {
            run.LogMetric($"rule.{alert.Rule.Name}", alert.Value!.Value, 0);
        }

        await run.EndAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return new Result(run.RunId, version.Name, version.Version, alerts, failures, exit);
    }

    /// <summary>The webhook's JSON body: rule, model, version, metric, value, condition, window and time.</summary>
    internal static string Body(Alert alert, ModelVersion version, DateTimeOffset now)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("rule", alert.Rule.Name);
            w.WriteString("model", version.Name);
            w.WriteNumber("version", version.Version);
            w.WriteString("metric", alert.Rule.Metric);
            w.WriteNumber("value", alert.Value ?? double.NaN);
            w.WriteString("condition", alert.Rule.Condition);
            w.WriteStartObject("window");
            w.WriteString("length", alert.WindowText);
            w.WriteNumber("start", alert.Window!.Start);
            w.WriteNumber("end", alert.Window.End);
            w.WriteEndObject();
            w.WriteString("time", now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            w.WriteString("message", alert.Message);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static readonly ResiliencePipeline<HttpResponseMessage> Retry = new ResiliencePipelineBuilder<HttpResponseMessage>()
        .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = Retries,
            Delay = TimeSpan.FromMilliseconds(200),
            BackoffType = DelayBackoffType.Exponential,
            ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                .Handle<HttpRequestException>()
                .Handle<TaskCanceledException>()
                .Handle<Polly.Timeout.TimeoutRejectedException>()
                .HandleResult(r => (int)r.StatusCode >= 500 || (int)r.StatusCode == 429),
        })
        .AddTimeout(AttemptTimeout)
        .Build();

    /// <summary>Retries of a webhook POST after the first attempt (connection refused, no answer in time, 5xx or 429).</summary>
    internal const int Retries = 3;

    /// <summary>How long one webhook attempt may take: a listener that hangs costs at most 4 × 10 s plus 1.4 s of backoff.</summary>
    internal static TimeSpan AttemptTimeout => TimeSpan.FromSeconds(10);

    private static async Task PostAsync(HttpClient http, string url, string json, CancellationToken cancellationToken)
    {
        using var response = await Retry.ExecuteAsync(async ct =>
        {
            using var content = new StringContent(json, Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return await http.PostAsync(new Uri(url), content, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"the listener answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }
    }
}
