using System.Globalization;
using Ariadne.Tracking;

namespace Ariadne.Monitoring;

/// <summary>Stores a <see cref="MonitorReport"/> as a run of <c>ariadne-monitoring</c>: one metric point per window (step = window index, timestamp = window start) and <c>monitor/report.json</c>.</summary>
internal static class MonitorRecorder
{
    public static async Task<string> RecordAsync(TrackingClient tracking, MonitorReport report, CancellationToken cancellationToken)
    {
        var tags = new Dictionary<string, string>
        {
            [MonitoringNames.KindTag] = "run",
            [MonitoringNames.ModelTag] = report.Model,
            [MonitoringNames.VersionTag] = report.Version.ToString(CultureInfo.InvariantCulture),
            [MonitoringNames.WindowTag] = report.Window.Text,
        };
        // A monitor run a killed process left RUNNING (kill -9 while it was being written) is marked KILLED first.
        await Schedules.Scheduler.ReapAsync(tracking.Store, tracking.Time, cancellationToken).ConfigureAwait(false);
        await using var run = await tracking.StartNewRunAsync(MonitoringNames.MonitoringExperiment, $"monitor {report.Model} v{report.Version}", null, tags, captureEnvironment: false, cancellationToken).ConfigureAwait(false);
        foreach (var window in report.Windows)
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(window.Start);
            foreach (var (key, value) in window.Metrics())
            {
                run.LogMetric(key, value, window.Index, at);
            }
        }

        await run.LogTextAsync(report.ToJson(), MonitoringNames.ReportArtifact, cancellationToken).ConfigureAwait(false);
        await run.EndAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return run.RunId;
    }
}
