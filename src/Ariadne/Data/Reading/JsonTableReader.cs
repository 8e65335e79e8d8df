using System.Text;
using System.Text.Json;

namespace Ariadne.Data.Reading;

/// <summary>
/// JSON (an array of objects) and JSON Lines (one object per line), streamed: each object is located in a growing byte
/// buffer and parsed on its own, so the whole file is never in memory. The columns are the keys seen in the first
/// batch, in order of appearance; a key that first appears later is refused with its row number.
/// </summary>
internal sealed class JsonTableReader : ITableReader
{
    private readonly FileStream _stream;
    private readonly int _batchRows;
    private byte[] _buffer = new byte[1 << 20];
    private int _position;
    private int _length;
    private bool _eof;
    private bool _started;
    private bool _finished;
    private bool _isArray;
    private long _line = 1;
    private long _rowsRead;
    private long _objectsRead;
    private readonly List<string> _names = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private bool _columnsFixed;

    private JsonTableReader(string path, FileStream stream, TableFormat format, int batchRows)
    {
        Path = path;
        _stream = stream;
        Format = format;
        _batchRows = batchRows;
    }

    public string Path { get; }

    public TableFormat Format { get; }

    public IReadOnlyList<string> ColumnNames => _names;

    private TableBatch? _pending;

    public static JsonTableReader Open(string path, TableFormat format, int batchRows)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var reader = new JsonTableReader(path, stream, format, batchRows);
        try
        {
            // Read the first batch now, so the column names are known before the first ReadBatchAsync.
            reader._pending = reader.ReadBatch();
            if (reader._pending is null && reader._names.Count == 0 && !reader._isArray)
            {
                throw AriadneException.EmptyTable(path);
            }
        }
        catch
        {
            reader.Dispose();
            throw;
        }

        return reader;
    }

    public ValueTask<TableBatch?> ReadBatchAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_pending is { } first)
        {
            _pending = null;
            return ValueTask.FromResult<TableBatch?>(first);
        }

        return ValueTask.FromResult(ReadBatch());
    }

    private TableBatch? ReadBatch()
    {
        var firstRow = _rowsRead + 1;
        var objects = new List<byte[]>();
        while (objects.Count < _batchRows && NextObject() is { } json)
        {
            objects.Add(json);
        }

        if (objects.Count == 0)
        {
            return null;
        }

        var parsed = new List<List<(int Column, JsonValueKind Kind, double Number, string? Text, string Raw)>>(objects.Count);
        var row = _rowsRead;
        foreach (var json in objects)
        {
            row++;
            parsed.Add(ParseObject(json, row));
        }

        _columnsFixed = true;
        var columns = new ColumnBatch[_names.Count];
        for (var c = 0; c < columns.Length; c++)
        {
            columns[c] = new ColumnBatch(_names[c], objects.Count);
        }

        for (var r = 0; r < parsed.Count; r++)
        {
            foreach (var (column, kind, number, text, raw) in parsed[r])
            {
                switch (kind)
                {
                    case JsonValueKind.Null:
                        columns[column].SetNull(r);
                        break;
                    case JsonValueKind.Number:
                        columns[column].SetNumber(r, number, text);
                        break;
                    default:
                        columns[column].SetText(r, text!);
                        break;
                }

                columns[column].SetJson(r, raw);
            }
        }

        _rowsRead += objects.Count;
        return new TableBatch(columns, objects.Count, firstRow);
    }

    private List<(int, JsonValueKind, double, string?, string)> ParseObject(byte[] json, long row)
    {
        var cells = new List<(int, JsonValueKind, double, string?, string)>();
        try
        {
            var reader = new Utf8JsonReader(json);
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw AriadneException.BadData(Path, $"row {row}", $"expected an object {{...}} per row, found {reader.TokenType}.");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                if (!_index.TryGetValue(name, out var column))
                {
                    if (_columnsFixed)
                    {
                        throw AriadneException.BadData(Path, $"row {row}", $"key '{name}' appears for the first time after the first batch of rows; all rows must share the columns of the first rows ({string.Join(", ", _names)}).");
                    }

                    column = _names.Count;
                    _names.Add(name);
                    _index[name] = column;
                }

                reader.Read();
                var start = (int)reader.TokenStartIndex;
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }

                // The value exactly as written, so parts copy it unchanged (1.50 stays 1.50, 2^53 + 1 keeps its digits).
                var raw = Encoding.UTF8.GetString(json, start, (int)reader.BytesConsumed - start);
                switch (reader.TokenType)
                {
                    case JsonTokenType.Null:
                        cells.Add((column, JsonValueKind.Null, 0, null, raw));
                        break;
                    case JsonTokenType.Number when reader.TryGetDouble(out var number) && double.IsFinite(number):
                        cells.Add((column, JsonValueKind.Number, number, raw, raw));
                        break;
                    case JsonTokenType.String:
                        cells.Add((column, JsonValueKind.String, 0, reader.GetString(), raw));
                        break;
                    default: // true, false, objects, arrays and numbers beyond double range: their JSON text
                        cells.Add((column, JsonValueKind.String, 0, raw, raw));
                        break;
                }
            }
        }
        catch (JsonException e)
        {
            throw AriadneException.BadData(Path, $"row {row}", $"invalid JSON ({e.Message}).");
        }
        catch (InvalidOperationException)
        {
            throw AriadneException.NotUtf8(Path, $"row {row}");
        }

        return cells;
    }

    /// <summary>The bytes of the next top-level object, or null at the end.</summary>
    private byte[]? NextObject()
    {
        if (_finished)
        {
            return null;
        }

        while (true)
        {
            // Skip whitespace, the opening bracket and commas between objects.
            while (true)
            {
                if (_position >= _length && !Fill())
                {
                    if (_isArray)
                    {
                        throw AriadneException.BadData(Path, $"line {_line}", "the JSON array is never closed with ']'. The file may be truncated.");
                    }

                    _finished = true;
                    return null;
                }

                var b = _buffer[_position];
                if (b == (byte)'\n')
                {
                    _line++;
                    _position++;
                }
                else if (b is (byte)' ' or (byte)'\t' or (byte)'\r' || (b == (byte)',' && _isArray))
                {
                    _position++;
                }
                else if (!_started && b == 0xEF && _length - _position >= 3 && _buffer[_position + 1] == 0xBB && _buffer[_position + 2] == 0xBF)
                {
                    _position += 3;
                }
                else if (!_started && b == (byte)'[')
                {
                    _started = true;
                    _isArray = true;
                    _position++;
                }
                else if (_isArray && b == (byte)']')
                {
                    _finished = true;
                    return null;
                }
                else
                {
                    break;
                }
            }

            _started = true;
            if (_buffer[_position] != (byte)'{')
            {
                throw AriadneException.BadData(Path, $"line {_line} (row {_objectsRead + 1})", $"expected an object '{{' per row, found '{(char)_buffer[_position]}'. Ariadne reads an array of objects or one object per line.");
            }

            var reader = new Utf8JsonReader(_buffer.AsSpan(_position, _length - _position), _eof, default);
            bool complete;
            try
            {
                complete = reader.Read() && reader.TrySkip();
            }
            catch (JsonException e)
            {
                var line = _line + (e.LineNumber ?? 0);
                throw AriadneException.BadData(Path, $"line {line} (row {_objectsRead + 1})", $"invalid JSON ({Detail(e)}).");
            }

            if (complete)
            {
                var length = (int)reader.BytesConsumed;
                var json = _buffer.AsSpan(_position, length).ToArray();
                _line += json.AsSpan().Count((byte)'\n');
                _position += length;
                _objectsRead++;
                return json;
            }

            if (_eof)
            {
                throw AriadneException.BadData(Path, $"line {_line} (row {_objectsRead + 1})", "the object is cut off at the end of the file. The file may be truncated.");
            }

            Grow();
        }
    }

    /// <summary>The parser's message without its own line numbers, which count from the start of the row, not the file.</summary>
    private static string Detail(JsonException e)
    {
        var message = e.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut].TrimEnd() : message;
    }

    private bool Fill()
    {
        if (_eof)
        {
            return false;
        }

        _position = 0;
        _length = _stream.Read(_buffer, 0, _buffer.Length);
        if (_length == 0)
        {
            _eof = true;
            return false;
        }

        return true;
    }

    /// <summary>Keeps the unread bytes, making room (doubling the buffer when it is full of one object), and reads more.</summary>
    private void Grow()
    {
        var remaining = _length - _position;
        if (remaining == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }
        else
        {
            Buffer.BlockCopy(_buffer, _position, _buffer, 0, remaining);
        }

        _position = 0;
        _length = remaining;
        while (_length < _buffer.Length)
        {
            var read = _stream.Read(_buffer, _length, _buffer.Length - _length);
            if (read == 0)
            {
                _eof = true;
                break;
            }

            _length += read;
        }
    }

    public void Dispose() => _stream.Dispose();
}
