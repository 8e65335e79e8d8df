namespace Ariadne.Data.Schema;

/// <summary>A data schema: columns with their rules, unique column combinations, and row-count bounds.</summary>
public sealed record DataSchema(IReadOnlyList<ColumnRule> Columns)
{
    /// <summary>Column combinations whose values together must be unique, e.g. <c>[[island, sample_id]]</c>.</summary>
    public IReadOnlyList<IReadOnlyList<string>> UniqueTogether { get; init; } = [];

    /// <summary>The fewest rows allowed, when set.</summary>
    public long? MinRows { get; init; }

    /// <summary>The most rows allowed, when set.</summary>
    public long? MaxRows { get; init; }

    /// <summary>The spellings read as missing in CSV and TSV (<c>na_values:</c>); null: <see cref="Reading.CellText.DefaultNaValues"/>.</summary>
    public IReadOnlySet<string>? NaValues { get; init; }
}
