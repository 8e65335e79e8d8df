using System.Globalization;

namespace Ariadne.Data.Reading;

/// <summary>How text cells are read: which spellings mean "missing" by default, and what counts as a number.</summary>
internal static class CellText
{
    /// <summary>
    /// Spellings read as a missing value in CSV and TSV unless <see cref="TableReadOptions.NaValues"/> says otherwise:
    /// a subset of pandas' defaults for <c>read_csv(na_values=...)</c>. Parts written by a split keep the spelling.
    /// </summary>
    public static readonly IReadOnlySet<string> DefaultNaValues = new HashSet<string>(StringComparer.Ordinal)
    {
        "", "NA", "N/A", "n/a", "null", "NULL", "None", "NaN", "nan", "-nan", "#N/A",
    };

    /// <summary>The default spellings; kept for callers of earlier versions.</summary>
    public static IReadOnlySet<string> NullSpellings => DefaultNaValues;

    public static bool IsNull(string text) => DefaultNaValues.Contains(text);

    public static bool TryParseNumber(ReadOnlySpan<char> text, out double value)
    {
        if (text.Length == 0 || text.Length > 64 || !(char.IsAsciiDigit(text[0]) || text[0] is '-' or '+' or '.'))
        {
            value = 0;
            return false;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    /// <summary>A number written with a decimal comma ("1,5", "-0,25"): one comma, no point.</summary>
    public static bool TryParseDecimalComma(string text, out double value)
    {
        var comma = text.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0 || text.IndexOf(',', comma + 1) >= 0 || text.Contains('.', StringComparison.Ordinal))
        {
            value = 0;
            return false;
        }

        return TryParseNumber(text.Replace(',', '.'), out value);
    }
}
