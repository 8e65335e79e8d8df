namespace Ariadne.Data.Reading;

/// <summary>
/// Reads a table in batches of rows, so files larger than memory stream through. The column set is fixed by the
/// header (CSV, TSV), the schema (Parquet) or the first batch of objects (JSON).
/// </summary>
internal interface ITableReader : IDisposable
{
    string Path { get; }

    TableFormat Format { get; }

    IReadOnlyList<string> ColumnNames { get; }

    /// <summary>The field delimiter used (CSV and TSV; given or detected); null for other formats.</summary>
    char? Delimiter => null;

    /// <summary>What the reader noticed and guessed, for the user to check (e.g. a header that looks delimited but is one column).</summary>
    IReadOnlyList<string> Warnings => [];

    /// <summary>The next batch, or null at the end of the file.</summary>
    ValueTask<TableBatch?> ReadBatchAsync(CancellationToken cancellationToken = default);
}
