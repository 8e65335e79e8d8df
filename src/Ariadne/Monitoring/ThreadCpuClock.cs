using System.Runtime.InteropServices;

namespace Ariadne.Monitoring;

/// <summary>
/// The CPU time the calling thread has used since it started (user and system), from the kernel's per-thread clock
/// (<c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>) on Linux; null elsewhere, where the prediction log reports no writer
/// CPU rather than a wall-clock guess.
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    /// <summary>Whether <see cref="Current"/> gives the thread's CPU time here.</summary>
    public static bool Available { get; } = Current() is not null;

    public static TimeSpan? Current()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        return clock_gettime(ClockThreadCpuTimeId, out var time) == 0
            ? TimeSpan.FromTicks((time.Seconds * TimeSpan.TicksPerSecond) + (time.Nanoseconds / 100))
            : null;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int clock_gettime(int clock, out TimeSpec time);
}
