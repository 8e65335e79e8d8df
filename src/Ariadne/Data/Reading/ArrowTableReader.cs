using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using ArrowSchema = Apache.Arrow.Schema;

namespace Ariadne.Data.Reading;

/// <summary>
/// Reads an Apache Arrow IPC file (<c>.arrow</c>, Feather v2 <c>.feather</c>) or stream, a record batch at a time, with
/// Apache.Arrow: numbers (integers, floats, decimals) as numbers, strings, booleans as <c>true</c>/<c>false</c>,
/// dates and timestamps as ISO 8601 text, and dictionary-encoded columns as their values. Nested columns (lists,
/// structs, maps) are refused with the column named.
/// </summary>
internal sealed class ArrowTableReader : ITableReader
{
    private readonly IArrowReader _reader;
    private readonly Stream _stream;
    private readonly int[] _columns;
    private readonly string[] _names;
    private long _rowsRead;

    private ArrowTableReader(string path, Stream stream, IArrowReader reader, ArrowSchema schema, IReadOnlyCollection<string>? wanted)
    {
        Path = path;
        _stream = stream;
        _reader = reader;
        _columns = [.. Enumerable.Range(0, schema.FieldsList.Count).Where(i => wanted is null || wanted.Contains(schema.FieldsList[i].Name))];
        _names = [.. _columns.Select(i => schema.FieldsList[i].Name)];
        foreach (var i in _columns)
        {
            var field = schema.FieldsList[i];
            var type = field.DataType is DictionaryType dictionary ? dictionary.ValueType : field.DataType;
            if (type is NestedType)
            {
                throw AriadneException.BadData(path, $"column '{field.Name}'", $"its Arrow type is {type.Name}; nested, list and map columns are not supported, flatten the table first.");
            }
        }
    }

    public string Path { get; }

    public TableFormat Format => TableFormat.Arrow;

    public IReadOnlyList<string> ColumnNames => _names;

    /// <param name="columns">Only these columns are needed (the others are read but not converted).</param>
    public static async Task<ArrowTableReader> OpenAsync(string path, IReadOnlyCollection<string>? columns, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        try
        {
            // The file format starts with the magic "ARROW1" (and ends with its footer); anything else is read as a stream.
            var magic = new byte[6];
            var isFile = await stream.ReadAsync(magic, cancellationToken).ConfigureAwait(false) == 6 && magic.AsSpan().SequenceEqual("ARROW1"u8);
            stream.Position = 0;
            IArrowReader reader;
            ArrowSchema schema;
            if (isFile)
            {
                var file = new ArrowFileReader(stream, leaveOpen: true);
                reader = file;
                schema = await file.GetSchema(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var streamReader = new ArrowStreamReader(stream, leaveOpen: true);
                reader = streamReader;
                schema = await streamReader.GetSchema(cancellationToken).ConfigureAwait(false);
            }

            return new ArrowTableReader(path, stream, reader, schema, columns);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or ArgumentException or IndexOutOfRangeException or NotSupportedException or OverflowException)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw AriadneException.BadData(path, "file header", $"not a readable Arrow IPC file ({e.Message}).");
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask<TableBatch?> ReadBatchAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            RecordBatch? batch;
            try
            {
                batch = await _reader.ReadNextRecordBatchAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or ArgumentException or IndexOutOfRangeException or OverflowException)
            {
                throw AriadneException.BadData(Path, $"record batch after row {_rowsRead}", $"the file is damaged or cut short ({e.Message}).");
            }

            if (batch is null)
            {
                return null;
            }

            using (batch)
            {
                var rows = batch.Length;
                if (rows == 0)
                {
                    continue;
                }

                var columns = new ColumnBatch[_columns.Length];
                for (var c = 0; c < _columns.Length; c++)
                {
                    columns[c] = new ColumnBatch(_names[c], rows);
                    Convert(batch.Column(_columns[c]), columns[c], rows);
                }

                var table = new TableBatch(columns, rows, _rowsRead + 1);
                _rowsRead += rows;
                return table;
            }
        }
    }

    private void Convert(IArrowArray array, ColumnBatch column, int rows)
    {
        switch (array)
        {
            case DictionaryArray dictionary:
                ConvertDictionary(dictionary, column, rows);
                break;
            case DoubleArray values: Numbers(values, column, rows, v => v); break;
            case FloatArray values: Numbers(values, column, rows, v => v); break;
            case HalfFloatArray values: Numbers(values, column, rows, v => (double)v); break;
            case Int8Array values: Numbers(values, column, rows, v => v); break;
            case Int16Array values: Numbers(values, column, rows, v => v); break;
            case Int32Array values: Numbers(values, column, rows, v => v); break;
            case Int64Array values: Numbers(values, column, rows, v => v); break;
            case UInt8Array values: Numbers(values, column, rows, v => v); break;
            case UInt16Array values: Numbers(values, column, rows, v => v); break;
            case UInt32Array values: Numbers(values, column, rows, v => v); break;
            case UInt64Array values: Numbers(values, column, rows, v => v); break;
            case Decimal128Array values:
                for (var i = 0; i < rows; i++)
                {
                    if (values.GetValue(i) is { } d) { column.SetNumber(i, (double)d, null); } else { column.SetNull(i); }
                }

                break;
            case StringArray texts:
                for (var i = 0; i < rows; i++)
                {
                    if (texts.IsNull(i)) { column.SetNull(i); } else { column.SetText(i, texts.GetString(i)); }
                }

                break;
            case LargeStringArray texts:
                for (var i = 0; i < rows; i++)
                {
                    if (texts.IsNull(i)) { column.SetNull(i); } else { column.SetText(i, texts.GetString(i)); }
                }

                break;
            case BooleanArray flags:
                for (var i = 0; i < rows; i++)
                {
                    if (flags.GetValue(i) is { } b) { column.SetText(i, b ? "true" : "false"); } else { column.SetNull(i); }
                }

                break;
            case Date32Array dates:
                for (var i = 0; i < rows; i++)
                {
                    if (dates.GetDateTimeOffset(i) is { } d) { column.SetText(i, d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); } else { column.SetNull(i); }
                }

                break;
            case Date64Array dates:
                for (var i = 0; i < rows; i++)
                {
                    if (dates.GetDateTimeOffset(i) is { } d) { column.SetText(i, Iso(d.UtcDateTime)); } else { column.SetNull(i); }
                }

                break;
            case TimestampArray times:
                for (var i = 0; i < rows; i++)
                {
                    if (times.GetTimestamp(i) is { } t) { column.SetText(i, Iso(t.UtcDateTime)); } else { column.SetNull(i); }
                }

                break;
            default:
                throw AriadneException.BadData(Path, $"column '{column.Name}'", $"its Arrow type {array.Data.DataType.Name} is not read by Ariadne; cast it to a number, string, boolean, date or timestamp.");
        }
    }

    /// <summary>A dictionary column: each dictionary value converted once, and the rows given their index's value.</summary>
    private void ConvertDictionary(DictionaryArray array, ColumnBatch column, int rows)
    {
        var values = new ColumnBatch(column.Name, array.Dictionary.Length);
        Convert(array.Dictionary, values, array.Dictionary.Length);
        for (var i = 0; i < rows; i++)
        {
            var index = array.IsNull(i) ? -1 : array.Indices switch
            {
                Int8Array a => a.GetValue(i) ?? -1,
                Int16Array a => a.GetValue(i) ?? -1,
                Int32Array a => a.GetValue(i) ?? -1,
                Int64Array a => (int)(a.GetValue(i) ?? -1),
                UInt8Array a => a.GetValue(i) ?? -1,
                UInt16Array a => a.GetValue(i) ?? -1,
                UInt32Array a => (int)(a.GetValue(i) ?? uint.MaxValue),
                _ => -1,
            };
            if (index < 0 || index >= values.Kinds.Length || values.IsNull(index))
            {
                column.SetNull(i);
            }
            else if (values.Kinds[index] == CellKind.Number)
            {
                column.SetNumber(i, values.Numbers[index], values.Texts[index]);
            }
            else
            {
                column.SetText(i, values.Texts[index]!);
            }
        }
    }

    private static void Numbers<T>(PrimitiveArray<T> array, ColumnBatch column, int rows, Func<T, double> convert)
        where T : struct, IEquatable<T>
    {
        var values = array.Values;
        for (var i = 0; i < rows; i++)
        {
            if (array.IsNull(i))
            {
                column.SetNull(i);
                continue;
            }

            var number = convert(values[i]);
            if (double.IsFinite(number)) { column.SetNumber(i, number, null); } else { column.SetNull(i); }
        }
    }

    private static string Iso(DateTime time) => time.TimeOfDay == TimeSpan.Zero
        ? time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : time.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    public void Dispose()
    {
        (_reader as IDisposable)?.Dispose();
        _stream.Dispose();
    }
}
