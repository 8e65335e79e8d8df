using System.Diagnostics;
using System.Globalization;

namespace Ariadne.Tracking;

/// <summary>
/// Marks runs killed whose process is gone (kill -9, power loss), so no run shows "running" forever. A run started
/// on this host whose process no longer exists is killed at once; a run from any host whose heartbeat is older than
/// <see cref="StaleAfter"/> too. Called whenever runs are started or listed.
/// </summary>
internal sealed class RunReaper(ITrackingStore store, TimeProvider time)
{
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(2);

    public async Task<int> ReapAsync(CancellationToken cancellationToken)
    {
        var experiments = await store.ListExperimentsAsync(ViewType.All, cancellationToken).ConfigureAwait(false);
        if (experiments.Count == 0)
        {
            return 0;
        }

        var search = new RunSearch([.. experiments.Select(e => e.ExperimentId)], "attributes.status = 'RUNNING'", MaxResults: 1000, ViewType: ViewType.All);
        var killed = 0;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await foreach (var run in store.SearchAllRunsAsync(search, cancellationToken).ConfigureAwait(false))
        {
            var tags = run.Tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
            if (!tags.TryGetValue(TrackingKeys.HeartbeatTag, out var beatText) || !long.TryParse(beatText, CultureInfo.InvariantCulture, out var heartbeat))
            {
                continue;
            }

            var gone = tags.GetValueOrDefault(TrackingKeys.HostTag) == Environment.MachineName
                && !IsAlive(tags.GetValueOrDefault(TrackingKeys.PidTag), tags.GetValueOrDefault(TrackingKeys.ProcessStartTag));
            if (gone || now - heartbeat > (long)StaleAfter.TotalMilliseconds)
            {
                await store.UpdateRunAsync(run.Info.RunId, RunStatus.Killed, Math.Max(heartbeat, run.Info.StartTime), null, cancellationToken).ConfigureAwait(false);
                killed++;
            }
        }

        return killed;
    }

    /// <summary>A process's start time as recorded in the run, so a reused pid is not mistaken for the run's process.</summary>
    public static string ProcessStart(Process process)
    {
        try
        {
            return process.StartTime.ToUniversalTime().Ticks.ToString(CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return "";
        }
    }

    /// <summary>
    /// On Linux a start time is derived from the boot time, which .NET computes afresh from the uptime clock in each
    /// process, so two readings of one process differ by milliseconds. A reused pid starts seconds or more apart.
    /// </summary>
    private static bool SameStart(string now, string recorded) =>
        long.TryParse(now, CultureInfo.InvariantCulture, out var a) && long.TryParse(recorded, CultureInfo.InvariantCulture, out var b)
            ? Math.Abs(a - b) < TimeSpan.TicksPerSecond
            : now == recorded;

    private static bool IsAlive(string? pidText, string? start)
    {
        if (!int.TryParse(pidText, CultureInfo.InvariantCulture, out var pid))
        {
            return true;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited && (string.IsNullOrEmpty(start) || SameStart(ProcessStart(process), start));
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
