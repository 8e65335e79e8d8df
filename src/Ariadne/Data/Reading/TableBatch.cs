namespace Ariadne.Data.Reading;

/// <summary>A run of consecutive rows, column by column. <see cref="FirstRow"/> is the 1-based number of its first data row.</summary>
internal sealed class TableBatch
{
    public TableBatch(IReadOnlyList<ColumnBatch> columns, int rowCount, long firstRow)
    {
        Columns = columns;
        RowCount = rowCount;
        FirstRow = firstRow;
    }

    public IReadOnlyList<ColumnBatch> Columns { get; }

    public int RowCount { get; }

    public long FirstRow { get; }
}
