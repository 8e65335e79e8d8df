using System.Globalization;

namespace Ariadne.Cli;

internal static class Format
{
    public static string Bytes(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0 ? $"{bytes} B" : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }

    /// <summary>Quotes a path for a shell command line when it needs it.</summary>
    public static string Shell(string path) =>
        path.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-') ? path : "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>Milliseconds since the epoch as local-independent UTC text.</summary>
    public static string Time(long? milliseconds) =>
        milliseconds is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "";

    public static string Duration(long start, long? end) =>
        end is { } e ? TimeSpan.FromMilliseconds(e - start).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture) : "";

    public static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
