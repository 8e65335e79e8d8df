namespace Ariadne.Data.Schema;

/// <summary>A failing row: its 1-based data row number and the offending value (null when missing).</summary>
public sealed record ExampleRow(long Row, string? Value);

/// <summary>One check of a validation: which column (null for table-level checks), how many rows failed, and up to a few example rows.</summary>
public sealed record CheckResult(string? Column, string Check, string Expectation, long Failures, IReadOnlyList<ExampleRow> Examples)
{
    /// <summary>True when no row failed the check.</summary>
    public bool Passed => Failures == 0;
}
