namespace Ariadne.Data.Reading;

/// <summary>Opens any supported tabular file for streaming reads.</summary>
internal static class TableReader
{
    public const int DefaultBatchRows = 65_536;

    /// <param name="columns">Only these columns are needed: Parquet then reads just them, Arrow converts just them (other formats read every column anyway).</param>
    /// <param name="options">Missing-value spellings, delimiter and decimal separator for CSV and TSV (default: <see cref="TableReadOptions.Default"/>).</param>
    public static async Task<ITableReader> OpenAsync(string path, TableFormat? format = null, int batchRows = DefaultBatchRows, CancellationToken cancellationToken = default, IReadOnlyCollection<string>? columns = null, TableReadOptions? options = null)
    {
        if (!File.Exists(path))
        {
            throw AriadneException.PathNotFound(path);
        }

        if (new FileInfo(path).Length == 0)
        {
            throw AriadneException.EmptyTable(path);
        }

        var actual = format ?? TableFormats.FromPath(path);
        options ??= TableReadOptions.Default;
        return actual switch
        {
            TableFormat.Csv => DelimitedTableReader.Open(path, options.Delimiter, actual, batchRows, options),
            TableFormat.Tsv => DelimitedTableReader.Open(path, options.Delimiter ?? '\t', actual, batchRows, options),
            TableFormat.Json or TableFormat.JsonLines => JsonTableReader.Open(path, actual, batchRows),
            TableFormat.Arrow => await ArrowTableReader.OpenAsync(path, columns, cancellationToken).ConfigureAwait(false),
            _ => await ParquetTableReader.OpenAsync(path, columns, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>Calls <paramref name="visit"/> for every batch of the file.</summary>
    public static async Task<IReadOnlyList<string>> ForEachBatchAsync(string path, Action<TableBatch> visit, TableFormat? format = null, CancellationToken cancellationToken = default, TableReadOptions? options = null)
    {
        using var reader = await OpenAsync(path, format, cancellationToken: cancellationToken, options: options).ConfigureAwait(false);
        while (await reader.ReadBatchAsync(cancellationToken).ConfigureAwait(false) is { } batch)
        {
            visit(batch);
        }

        return reader.ColumnNames;
    }
}
