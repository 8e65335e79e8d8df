using System.Globalization;

namespace Ariadne.Monitoring;

/// <summary>A window length as the user writes it (<c>30m</c>, <c>6h</c>, <c>1d</c>, <c>1w</c>). Windows start at multiples of the length since the Unix epoch (UTC).</summary>
internal readonly record struct MonitorWindow(string Text, long Milliseconds)
{
    public static MonitorWindow Day { get; } = new("1d", 86_400_000);

    public static MonitorWindow Parse(string text)
    {
        var t = (text ?? "").Trim();
        if (t.Length >= 2 && long.TryParse(t.AsSpan(0, t.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            long? unit = char.ToLowerInvariant(t[^1]) switch
            {
                's' => 1000L,
                'm' => 60_000L,
                'h' => 3_600_000L,
                'd' => 86_400_000L,
                'w' => 7 * 86_400_000L,
                _ => null,
            };
            if (unit is { } u && n <= 100_000)
            {
                return new MonitorWindow(t, n * u);
            }
        }

        throw AriadneException.InvalidArgument($"'{text}' is not a window length. Write a number and a unit: s, m, h, d or w (e.g. 6h, 1d, 1w).");
    }

    /// <summary>The start (Unix ms) of the window that holds <paramref name="time"/>.</summary>
    public long StartOf(long time) => time - (((time % Milliseconds) + Milliseconds) % Milliseconds);

    public override string ToString() => Text;
}
