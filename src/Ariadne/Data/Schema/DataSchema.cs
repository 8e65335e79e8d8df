namespace Ariadne.Data.Schema;

/// <summary>A data schema: columns with their rules, unique column combinations, and row-count bounds.</summary>
public sealed record DataSchema(IReadOnlyList<ColumnRule> Columns)
{
    public IReadOnlyList<IReadOnlyList<string>> UniqueTogether { get; init; } = [];

    public long? MinRows { get; init; }

    public long? MaxRows { get; init; }

    /// <summary>The spellings read as missing in CSV and TSV (<c>na_values:</c>); null: <see cref="Reading.CellText.DefaultNaValues"/>.</summary>
    public IReadOnlySet<string>? NaValues { get; init; }
}
