using System.Globalization;

namespace Ariadne.SystemMetrics;

/// <summary>
/// Parsers for the Linux <c>/proc</c> files the system metrics come from (proc(5)). Each takes the file's text, so the
/// parsing is tested on fixed text; each returns null (or skips a line) for text it does not recognise.
/// </summary>
internal static class ProcFiles
{
    /// <summary>Clock ticks per second of <c>/proc</c> CPU times (USER_HZ, 100 on every Linux architecture).</summary>
    public const double TicksPerSecond = 100;

    /// <summary>
    /// <c>/proc/PID/stat</c>: the parent's id, the CPU time of the process and of its reaped children (utime, stime,
    /// cutime, cstime in ticks), and the resident set in pages. The command name (field 2) may hold spaces and
    /// parentheses, so fields are counted from the last ')'.
    /// </summary>
    public static (int ParentId, long CpuTicks, long ResidentPages)? ParseStat(string text)
    {
        var close = text.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        var fields = text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 22
            || !int.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var parent)
            || !TryLongs(fields, [11, 12, 13, 14, 21], out var values))
        {
            return null;
        }

        return (parent, values[0] + values[1] + values[2] + values[3], values[4]);
    }

    /// <summary>The first line of <c>/proc/stat</c>: (busy, total) ticks of all CPUs together; idle and iowait are not busy.</summary>
    public static (long Busy, long Total)? ParseCpu(string text)
    {
        var line = text.AsSpan(0, text.IndexOf('\n') is var end and >= 0 ? end : text.Length).ToString();
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 5 || fields[0] != "cpu")
        {
            return null;
        }

        long total = 0;
        long idle = 0;
        // user nice system idle iowait irq softirq steal (guest and guest_nice are already inside user and nice).
        for (var i = 1; i < Math.Min(fields.Length, 9); i++)
        {
            if (!long.TryParse(fields[i], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return null;
            }

            total += value;
            if (i is 4 or 5)
            {
                idle += value;
            }
        }

        return (total - idle, total);
    }

    /// <summary><c>/proc/meminfo</c>: total and available memory in bytes.</summary>
    public static (long Total, long Available)? ParseMemory(string text)
    {
        long? total = null;
        long? available = null;
        foreach (var line in text.Split('\n'))
        {
            var parts = line.Split([' ', ':'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 2 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kib))
            {
                continue;
            }

            if (parts[0] == "MemTotal")
            {
                total = kib * 1024;
            }
            else if (parts[0] == "MemAvailable")
            {
                available = kib * 1024;
            }
        }

        return total is { } t && available is { } a ? (t, a) : null;
    }

    /// <summary><c>/proc/diskstats</c>: bytes read and written by the named block devices (sectors of 512 bytes).</summary>
    public static (long Read, long Written) ParseDiskStats(string text, IReadOnlySet<string> devices)
    {
        long read = 0;
        long written = 0;
        foreach (var line in text.Split('\n'))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 10 || !devices.Contains(fields[2]) || !TryLongs(fields, [5, 9], out var sectors))
            {
                continue;
            }

            read += sectors[0] * 512;
            written += sectors[1] * 512;
        }

        return (read, written);
    }

    /// <summary><c>/proc/net/dev</c>: bytes received and sent on every interface but loopback.</summary>
    public static (long Received, long Sent) ParseNetDev(string text)
    {
        long received = 0;
        long sent = 0;
        foreach (var line in text.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }

            var fields = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (line[..colon].Trim() == "lo" || fields.Length < 9 || !TryLongs(fields, [0, 8], out var bytes))
            {
                continue;
            }

            received += bytes[0];
            sent += bytes[1];
        }

        return (received, sent);
    }

    private static bool TryLongs(string[] fields, int[] indexes, out long[] values)
    {
        values = new long[indexes.Length];
        for (var i = 0; i < indexes.Length; i++)
        {
            if (!long.TryParse(fields[indexes[i]], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out values[i]))
            {
                return false;
            }
        }

        return true;
    }
}
