using System.Globalization;
using Ariadne.Tracking;

namespace Ariadne.SystemMetrics;

/// <summary>
/// Logs <c>system/*</c> metrics on a run every interval while it is active, from a background task, measuring this
/// process and its descendants (under <c>ariadne run</c>, the command's whole process tree). The series' steps count
/// the samples from 0; the first is taken one interval after the start, so a run shorter than the interval has none. A
/// sample that fails is skipped; sampling never fails the run.
/// </summary>
internal sealed class SystemMetricsSampler : IAsyncDisposable
{
    /// <summary>The variable that turns sampling off (<c>0</c>, <c>false</c>, <c>off</c>) or sets its interval in seconds.</summary>
    public const string Variable = "ARIADNE_SYSTEM_METRICS";

    /// <summary>The interval when none is set.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(10);

    private readonly ActiveRun _run;
    private readonly SystemProbe _probe;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _step;

    private SystemMetricsSampler(ActiveRun run, SystemProbe probe, TimeSpan interval, TimeProvider time)
    {
        _run = run;
        _probe = probe;
        _interval = interval;
        _time = time;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Starts sampling this process's tree onto <paramref name="run"/>.</summary>
    public static async Task<SystemMetricsSampler> StartAsync(ActiveRun run, TimeSpan interval, TimeProvider time, SystemProbe? probe = null)
    {
        if (interval <= TimeSpan.Zero)
        {
            throw AriadneException.InvalidArgument($"The system metrics interval must be positive, not {interval.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s.");
        }

        probe ??= new SystemProbe(Environment.ProcessId);
        await BaselineAsync(probe).ConfigureAwait(false);
        return new SystemMetricsSampler(run, probe, interval, time);
    }

    /// <summary>
    /// The interval <c>ARIADNE_SYSTEM_METRICS</c> asks for: unset or empty, the default; <c>0</c>, <c>false</c>, <c>off</c>
    /// or <c>no</c>: null (off); a number: that many seconds.
    /// </summary>
    public static TimeSpan? IntervalFromEnvironment() => ParseSetting(Environment.GetEnvironmentVariable(Variable));

    internal static TimeSpan? ParseSetting(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return DefaultInterval;
        }

        var value = text.Trim().ToLowerInvariant();
        if (value is "0" or "false" or "off" or "no")
        {
            return null;
        }

        if (value is "1" or "true" or "on" or "yes")
        {
            return DefaultInterval;
        }

        var seconds = value.EndsWith('s') ? value[..^1] : value;
        return double.TryParse(seconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0 && double.IsFinite(s)
            ? TimeSpan.FromSeconds(s)
            : throw AriadneException.InvalidArgument($"{Variable}='{text}' is neither a number of seconds (e.g. 10 or 0.5) nor off (0, false, off).");
    }

    /// <summary>Stops sampling (a sample being written is finished first).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private static async Task BaselineAsync(SystemProbe probe)
    {
        try
        {
            await probe.SampleAsync().ConfigureAwait(false); // the starting point of rates and I/O counts
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            await Task.Delay(_interval, _time, _stop.Token).ConfigureAwait(false);
            await SampleAsync().ConfigureAwait(false);
        }
    }

    private async Task SampleAsync()
    {
        try
        {
            var values = await _probe.SampleAsync().ConfigureAwait(false);
            var now = _time.GetUtcNow();
            foreach (var (key, value) in values)
            {
                _run.LogMetric(key, value, _step, now);
            }

            _step++;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or AriadneException)
        {
            // A sample that could not be read or written is skipped; the next one tries again.
        }
    }
}
