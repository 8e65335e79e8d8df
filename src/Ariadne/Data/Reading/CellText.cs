using System.Globalization;

namespace Ariadne.Data.Reading;

/// <summary>How text cells are read: which spellings mean "missing", and what counts as a number.</summary>
public static class CellText
{
    /// <summary>Spellings read as a missing value in CSV and TSV (the same defaults as pandas, in short).</summary>
    public static readonly IReadOnlySet<string> NullSpellings = new HashSet<string>(StringComparer.Ordinal)
    {
        "", "NA", "N/A", "n/a", "null", "NULL", "None", "NaN", "nan", "-nan", "#N/A",
    };

    public static bool IsNull(string text) => NullSpellings.Contains(text);

    public static bool TryParseNumber(ReadOnlySpan<char> text, out double value)
    {
        if (text.Length == 0 || text.Length > 64 || !(char.IsAsciiDigit(text[0]) || text[0] is '-' or '+' or '.'))
        {
            value = 0;
            return false;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }
}
