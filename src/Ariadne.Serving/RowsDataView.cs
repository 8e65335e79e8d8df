using Microsoft.ML;
using Microsoft.ML.Data;

namespace Ariadne.Serving;

/// <summary>
/// An <see cref="IDataView"/> over the rows of one request, built at run time from the model's own input schema (no
/// compile-time classes): each row holds one value per schema column, already in that column's ML.NET type.
/// </summary>
internal sealed class RowsDataView(DataViewSchema schema, IReadOnlyList<object[]> rows) : IDataView
{
    public bool CanShuffle => false;

    public DataViewSchema Schema { get; } = schema;

    public long? GetRowCount() => rows.Count;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(Schema, rows);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [new Cursor(Schema, rows)];

    private sealed class Cursor(DataViewSchema schema, IReadOnlyList<object[]> rows) : DataViewRowCursor
    {
        private long _position = -1;

        public override DataViewSchema Schema => schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool MoveNext()
        {
            if (_position + 1 < rows.Count)
            {
                _position++;
                return true;
            }

            _position = rows.Count;
            return false;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId value) => value = new DataViewRowId((ulong)_position, 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            var index = column.Index;
            return (ref TValue value) => value = (TValue)rows[(int)_position][index];
        }
    }
}
