using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace Ariadne.Data.Reading;

/// <summary>Parquet through Parquet.Net, one row group per batch. Numbers stay binary; dates become ISO 8601 text.</summary>
internal sealed class ParquetTableReader : ITableReader
{
    private readonly ParquetReader _reader;
    private readonly DataField[] _fields;
    private int _group;
    private long _rowsRead;

    private ParquetTableReader(string path, ParquetReader reader, DataField[] fields)
    {
        Path = path;
        _reader = reader;
        _fields = fields;
        ColumnNames = [.. fields.Select(f => f.Name)];
    }

    public string Path { get; }

    public TableFormat Format => TableFormat.Parquet;

    public IReadOnlyList<string> ColumnNames { get; }

    public static async Task<ParquetTableReader> OpenAsync(string path, IReadOnlyCollection<string>? columns, CancellationToken cancellationToken)
    {
        ParquetReader reader;
        try
        {
            reader = await ParquetReader.CreateAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            throw AriadneException.BadData(path, "file header", $"not a readable Parquet file ({e.Message}).");
        }

        var fields = reader.Schema.GetDataFields().Where(f => columns is null || columns.Contains(f.Name)).ToArray();
        foreach (var field in fields)
        {
            if (field.IsArray || field.Path.Length > 1)
            {
                reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
                throw AriadneException.BadData(path, $"column '{field.Path}'", "nested and list columns are not supported; flatten the table first.");
            }
        }

        return new ParquetTableReader(path, reader, fields);
    }

    public async ValueTask<TableBatch?> ReadBatchAsync(CancellationToken cancellationToken = default)
    {
        while (_group < _reader.RowGroupCount)
        {
            using var group = _reader.OpenRowGroupReader(_group++);
            var rows = checked((int)group.RowCount);
            if (rows == 0)
            {
                continue;
            }

            var columns = new ColumnBatch[_fields.Length];
            for (var c = 0; c < _fields.Length; c++)
            {
                columns[c] = new ColumnBatch(_fields[c].Name, rows);
                await ReadColumnAsync(group, _fields[c], columns[c], rows, cancellationToken).ConfigureAwait(false);
            }

            var batch = new TableBatch(columns, rows, _rowsRead + 1);
            _rowsRead += rows;
            return batch;
        }

        return null;
    }

    private async Task ReadColumnAsync(ParquetRowGroupReader group, DataField field, ColumnBatch column, int rows, CancellationToken ct)
    {
        var type = field.ClrType;
        if (type == typeof(double)) { await ReadNumbersAsync<double>(group, field, column, rows, v => v, ct).ConfigureAwait(false); }
        else if (type == typeof(float)) { await ReadNumbersAsync<float>(group, field, column, rows, v => v, ct).ConfigureAwait(false); }
        else if (type == typeof(long)) { await ReadNumbersAsync<long>(group, field, column, rows, v => v, ct).ConfigureAwait(false); }
        else if (type == typeof(int)) { await ReadNumbersAsync<int>(group, field, column, rows, v => v, ct).ConfigureAwait(false); }
        else if (type == typeof(short)) { await ReadNumbersAsync<short>(group, field, column, rows, v => v, ct).ConfigureAwait(false); }
        else if (type == typeof(sbyte)) { await ReadNumbersAsync<sbyte>(group, field, column, rows, v => v, ct).ConfigureAwait(false); }
        else if (type == typeof(byte)) { await ReadNumbersAsync<byte>(group, field, column, rows, v => v, ct).ConfigureAwait(false); }
        else if (type == typeof(ushort)) { await ReadNumbersAsync<ushort>(group, field, column, rows, v => v, ct).ConfigureAwait(false); }
        else if (type == typeof(uint)) { await ReadNumbersAsync<uint>(group, field, column, rows, v => v, ct).ConfigureAwait(false); }
        else if (type == typeof(ulong)) { await ReadNumbersAsync<ulong>(group, field, column, rows, v => v, ct).ConfigureAwait(false); }
        else if (type == typeof(decimal)) { await ReadNumbersAsync<decimal>(group, field, column, rows, v => (double)v, ct).ConfigureAwait(false); }
        else if (type == typeof(bool))
        {
            var values = new bool?[rows];
            await group.ReadAsync<bool>(field, values.AsMemory(), null, ct).ConfigureAwait(false);
            for (var i = 0; i < rows; i++)
            {
                if (values[i] is { } b) { column.SetText(i, b ? "true" : "false"); } else { column.SetNull(i); }
            }
        }
        else if (type == typeof(DateTime))
        {
            var values = new DateTime?[rows];
            await group.ReadAsync<DateTime>(field, values.AsMemory(), null, ct).ConfigureAwait(false);
            for (var i = 0; i < rows; i++)
            {
                if (values[i] is { } d)
                {
                    column.SetText(i, d.TimeOfDay == TimeSpan.Zero
                        ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                        : d.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
                }
                else
                {
                    column.SetNull(i);
                }
            }
        }
        else
        {
            // Strings (and anything else Parquet.Net reads as text).
            var values = new string?[rows];
            await group.ReadAsync(field, values.AsMemory(), null, ct).ConfigureAwait(false);
            for (var i = 0; i < rows; i++)
            {
                if (values[i] is { } s) { column.SetText(i, s); } else { column.SetNull(i); }
            }
        }
    }

    private static async Task ReadNumbersAsync<T>(ParquetRowGroupReader group, DataField field, ColumnBatch column, int rows, Func<T, double> convert, CancellationToken ct)
        where T : struct
    {
        var values = new T?[rows];
        await group.ReadAsync<T>(field, values.AsMemory(), null, ct).ConfigureAwait(false);
        for (var i = 0; i < rows; i++)
        {
            if (values[i] is { } v)
            {
                var number = convert(v);
                if (double.IsFinite(number)) { column.SetNumber(i, number, null); } else { column.SetNull(i); }
            }
            else
            {
                column.SetNull(i);
            }
        }
    }

    public void Dispose() => _reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
