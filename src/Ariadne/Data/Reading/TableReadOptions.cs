namespace Ariadne.Data.Reading;

/// <summary>
/// How text files are read: which spellings mean "missing" (CSV and TSV), which character separates fields (CSV:
/// detected from the first lines when not given) and which separates decimals.
/// </summary>
public sealed record TableReadOptions
{
    /// <summary>The defaults: pandas' usual missing-value spellings.</summary>
    public static readonly TableReadOptions Default = new();

    /// <summary>Spellings read as a missing value in CSV and TSV; <see cref="CellText.DefaultNaValues"/> unless set.</summary>
    public IReadOnlySet<string> NaValues { get; init; } = CellText.DefaultNaValues;

    /// <summary>The field delimiter of a CSV file; null: detected from the first lines (',', ';', tab or '|').</summary>
    public char? Delimiter { get; init; }

    /// <summary>
    /// The decimal separator of numbers in CSV and TSV; null: ',' when fields are separated by ';' (the European
    /// convention), otherwise '.'. A decimal comma is read only in cells with no '.', so "1,5" is 1.5.
    /// </summary>
    public char? DecimalSeparator { get; init; }

    /// <summary>Parses --na-values: a comma-separated list, '' for none (only empty cells are missing then).</summary>
    public static IReadOnlySet<string> ParseNaValues(string list) =>
        new HashSet<string>(list.Split(',').Append(""), StringComparer.Ordinal);

    /// <summary>Parses --delimiter: one character, or the words tab, comma, semicolon, pipe.</summary>
    public static char ParseDelimiter(string text) => text switch
    {
        "tab" or "\\t" or "\t" => '\t',
        "comma" => ',',
        "semicolon" => ';',
        "pipe" => '|',
        { Length: 1 } when text[0] is not ('"' or '\n' or '\r') => text[0],
        _ => throw AriadneException.InvalidArgument($"--delimiter '{text}' is not one character. Use e.g. --delimiter ';' or --delimiter tab."),
    };
}
