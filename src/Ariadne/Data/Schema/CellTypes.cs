using System.Globalization;
using Ariadne.Data.Reading;

namespace Ariadne.Data.Schema;

/// <summary>Which schema types a cell satisfies; shared by inference and validation so both agree.</summary>
internal static class CellTypes
{
    public static bool IsInteger(double value) => Math.Abs(value) < 9.007199254740992e15 && Math.Floor(value) == value;

    public static bool IsBoolean(string text) =>
        text.Equals("true", StringComparison.OrdinalIgnoreCase) || text.Equals("false", StringComparison.OrdinalIgnoreCase);

    public static bool IsDatetime(string text) =>
        text.Length >= 8 && char.IsAsciiDigit(text[0]) && text.Contains('-', StringComparison.Ordinal)
        && DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.RoundtripKind, out _);

    public static bool Satisfies(ColumnBatch column, int row, ColumnType type) => type switch
    {
        ColumnType.String => true,
        ColumnType.Number => column.Kinds[row] == CellKind.Number,
        ColumnType.Integer => column.Kinds[row] == CellKind.Number && IsInteger(column.Numbers[row]),
        ColumnType.Boolean => column.Kinds[row] == CellKind.Text && IsBoolean(column.Texts[row]!),
        ColumnType.Datetime => column.Kinds[row] == CellKind.Text && IsDatetime(column.Texts[row]!),
        _ => false,
    };
}
