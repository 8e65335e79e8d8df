namespace Ariadne.Data.Reading;

/// <summary>
/// Reads a table in batches of rows, so files larger than memory stream through. The column set is fixed by the
/// header (CSV, TSV), the schema (Parquet) or the first batch of objects (JSON).
/// </summary>
public interface ITableReader : IDisposable
{
    string Path { get; }

    TableFormat Format { get; }

    IReadOnlyList<string> ColumnNames { get; }

    /// <summary>The next batch, or null at the end of the file.</summary>
    ValueTask<TableBatch?> ReadBatchAsync(CancellationToken cancellationToken = default);
}
