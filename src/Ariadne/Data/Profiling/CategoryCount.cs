namespace Ariadne.Data.Profiling;

/// <summary>One of a column's most frequent values and how often it occurs.</summary>
/// <param name="Value">The value, as text.</param>
/// <param name="Count">The rows that hold it.</param>
public sealed record CategoryCount(string Value, long Count);
