using System.Globalization;
using System.Text.RegularExpressions;

namespace Ariadne.Pipelines;

/// <summary>Durations and sizes as people write them in a pipeline file: <c>90</c>, <c>90s</c>, <c>1h30m</c>, <c>16G</c>.</summary>
internal static partial class DurationText
{
    public static bool TryParseDuration(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        text = text.Trim();
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            value = TimeSpan.FromSeconds(seconds);
            return seconds >= 0;
        }

        var match = DurationPattern().Match(text);
        if (!match.Success || match.Length == 0)
        {
            return false;
        }

        double Part(string name) => match.Groups[name].Success ? double.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : 0;
        value = TimeSpan.FromHours(Part("h")) + TimeSpan.FromMinutes(Part("m")) + TimeSpan.FromSeconds(Part("s")) + TimeSpan.FromMilliseconds(Part("ms"));
        return true;
    }

    public static bool TryParseSize(string text, out long bytes)
    {
        bytes = 0;
        var match = SizePattern().Match(text.Trim());
        if (!match.Success)
        {
            return false;
        }

        var number = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        var unit = match.Groups["u"].Value.ToUpperInvariant().TrimEnd('B', 'I');
        var factor = unit switch
        {
            "" => 1L,
            "K" => 1L << 10,
            "M" => 1L << 20,
            "G" => 1L << 30,
            "T" => 1L << 40,
            _ => 0L,
        };
        bytes = (long)(number * factor);
        return factor > 0 && bytes > 0;
    }

    [GeneratedRegex(@"^(?:(?<h>\d+(?:\.\d+)?)h)?(?:(?<m>\d+(?:\.\d+)?)m(?!s))?(?:(?<s>\d+(?:\.\d+)?)s)?(?:(?<ms>\d+)ms)?$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"^(?<n>\d+(?:\.\d+)?)\s*(?<u>[KMGTkmgt]?(?:i?[Bb])?)$")]
    private static partial Regex SizePattern();
}
