namespace Ariadne.Data.Profiling;

/// <summary>A data file's profile: its rows and every column's summary, and enough of each distribution to serve as a drift reference.</summary>
public sealed record DataProfile(string Source, string Format, long Rows, IReadOnlyList<ColumnProfile> Columns, DateTimeOffset Created);
