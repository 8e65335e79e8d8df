using Microsoft.ML;
using Microsoft.ML.Data;

namespace Ariadne.Serving;

/// <summary>
/// Predicts one row at a time the way ML.NET's PredictionEngine does, without compile-time classes: the model's
/// row-to-row mapper reads a reusable input row (one value per schema column, already in its ML.NET type), and the
/// output getters are made once. Not thread-safe: <see cref="ServedModel"/> lends each engine to one request at a time.
/// </summary>
internal sealed class RowEngine
{
    private readonly InputRow _input;
    private readonly Func<Prediction> _read;

    public RowEngine(ITransformer transformer, DataViewSchema inputSchema, OutputShape output)
    {
        _input = new InputRow(inputSchema);
        var mapper = transformer.GetRowToRowMapper(inputSchema);
        var row = mapper.GetRow(_input, output.Columns(mapper.OutputSchema));
        _read = output.Reader(row);
    }

    public Prediction Predict(object[] values)
    {
        _input.Move(values);
        return _read();
    }

    /// <summary>The row the mapper reads: its position moves with every prediction, so cached values are recomputed.</summary>
    private sealed class InputRow(DataViewSchema schema) : DataViewRow
    {
        private object[] _values = [];
        private long _position = -1;

        public override DataViewSchema Schema => schema;

        public override long Position => _position;

        public override long Batch => 0;

        public void Move(object[] values)
        {
            _values = values;
            _position++;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId value) => value = new DataViewRowId((ulong)_position, 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            var index = column.Index;
            return (ref TValue value) => value = (TValue)_values[index];
        }
    }
}
