namespace Ariadne.Data.Leakage;

/// <summary>A row of the second file that matches the first: its row number, the first file's row, and the key.</summary>
internal sealed record LeakedRow(long Row, long MatchingRow, string Key);

/// <summary>
/// Leakage between two files: rows of <see cref="Second"/> that repeat rows of <see cref="First"/> exactly (on the key
/// columns, or all columns), that match only after normalising case, whitespace and number formatting, and group ids
/// present in both.
/// </summary>
internal sealed record LeakageReport(
    string First,
    string Second,
    IReadOnlyList<string> KeyColumns,
    long ExactDuplicates,
    IReadOnlyList<LeakedRow> ExactExamples,
    long NearDuplicates,
    IReadOnlyList<LeakedRow> NearExamples,
    string? GroupColumn,
    long SharedGroups,
    IReadOnlyList<string> SharedGroupExamples)
{
    public bool Clean => ExactDuplicates == 0 && NearDuplicates == 0 && SharedGroups == 0;
}
