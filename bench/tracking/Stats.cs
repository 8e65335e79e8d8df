using System.Diagnostics;
using System.Globalization;

namespace Ariadne.Bench.Tracking;

/// <summary>Timed samples in seconds: median (mean of the middle two for an even count) and p90 (nearest rank).</summary>
internal sealed record Samples(IReadOnlyList<double> Seconds)
{
    public double Median
    {
        get
        {
            var sorted = Sorted();
            var n = sorted.Length;
            return n == 0 ? double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
        }
    }

    public double P90
    {
        get
        {
            var sorted = Sorted();
            return sorted.Length == 0 ? double.NaN : sorted[Math.Max(0, (int)Math.Ceiling(0.9 * sorted.Length) - 1)];
        }
    }

    public double Min => Seconds.Count == 0 ? double.NaN : Seconds.Min();

    public double Max => Seconds.Count == 0 ? double.NaN : Seconds.Max();

    public int Count => Seconds.Count;

    private double[] Sorted()
    {
        var sorted = Seconds.ToArray();
        Array.Sort(sorted);
        return sorted;
    }
}

internal static class Format
{
    public static string Ms(double seconds) => double.IsNaN(seconds) ? "-" : (seconds * 1000).ToString(seconds < 0.01 ? "F2" : "F1", CultureInfo.InvariantCulture);

    public static string S(double seconds) => double.IsNaN(seconds) ? "-" : seconds.ToString("F3", CultureInfo.InvariantCulture);

    public static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Ratio(double value) => double.IsNaN(value) || double.IsInfinity(value) ? "-" : value.ToString(value < 10 ? "F2" : "F1", CultureInfo.InvariantCulture);

    public static string MiB(long bytes) => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture);
}

/// <summary>
/// Samples the process's working set and the managed heap every 10 ms on a thread of its own, keeping the highest
/// values seen.
/// </summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly Thread _thread;
    private volatile bool _stop;

    private MemorySampler()
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = "memory sampler" };
        _thread.Start();
    }

    public long PeakWorkingSet { get; private set; }

    public long PeakManagedHeap { get; private set; }

    public static MemorySampler Start() => new();

    /// <summary>The kernel's high-water mark of the resident set (VmHWM) for this process so far.</summary>
    public static long PeakResident()
    {
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        return self.PeakWorkingSet64;
    }

    public void Stop()
    {
        _stop = true;
        _thread.Join();
    }

    public void Dispose()
    {
        if (!_stop)
        {
            Stop();
        }
    }

    private void Loop()
    {
        while (!_stop)
        {
            Sample();
            Thread.Sleep(10);
        }

        Sample();
    }

    private void Sample()
    {
        PeakWorkingSet = Math.Max(PeakWorkingSet, Environment.WorkingSet);
        PeakManagedHeap = Math.Max(PeakManagedHeap, GC.GetTotalMemory(false));
    }
}
