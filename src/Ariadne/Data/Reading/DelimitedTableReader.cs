using System.Text;

namespace Ariadne.Data.Reading;

/// <summary>
/// CSV (RFC 4180: quoted fields, doubled quotes, newlines inside quotes) and TSV, streamed through a fixed buffer.
/// The first record is the header. Input must be UTF-8 (a BOM is skipped); rows with a different number of fields
/// than the header are refused with their line number.
/// </summary>
internal sealed class DelimitedTableReader : ITableReader
{
    private readonly StreamReader _input;
    private readonly char _separator;
    private readonly int _batchRows;
    private readonly IReadOnlySet<string> _naValues;
    private readonly bool _decimalComma;
    private readonly List<string> _warnings = [];
    private bool _warnedDecimalComma;
    private readonly char[] _buffer = new char[1 << 16];
    private readonly StringBuilder _field = new();
    private readonly List<string> _record = [];
    private int _position;
    private int _length;
    private bool _eof;
    private long _line = 1;
    private long _rowsRead;

    private DelimitedTableReader(string path, StreamReader input, char separator, TableFormat format, int batchRows, TableReadOptions options)
    {
        Path = path;
        _input = input;
        _separator = separator;
        Format = format;
        _batchRows = batchRows;
        _naValues = options.NaValues;
        _decimalComma = (options.DecimalSeparator ?? (separator == ';' ? ',' : '.')) == ',';
    }

    public char? Delimiter => _separator;

    public IReadOnlyList<string> Warnings => _warnings;

    public string Path { get; }

    public TableFormat Format { get; }

    public IReadOnlyList<string> ColumnNames { get; private set; } = [];

    /// <param name="separator">The delimiter; null: detected from the first lines (CSV).</param>
    public static DelimitedTableReader Open(string path, char? separator, TableFormat format, int batchRows, TableReadOptions options)
    {
        var actual = separator ?? DelimiterSniffer.Detect(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var input = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        var reader = new DelimitedTableReader(path, input, actual, format, batchRows, options);
        try
        {
            reader.ReadHeader();
        }
        catch
        {
            reader.Dispose();
            throw;
        }

        return reader;
    }

    private void ReadHeader()
    {
        if (!ReadRecord(out _))
        {
            throw AriadneException.EmptyTable(Path);
        }

        var names = new List<string>(_record.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < _record.Count; i++)
        {
            var name = _record[i].Trim();
            if (name.Length == 0)
            {
                throw AriadneException.BadData(Path, $"line 1, column {i + 1}", "the header has an empty column name. Give every column a name.");
            }

            if (!seen.Add(name))
            {
                throw AriadneException.BadData(Path, $"line 1, column {i + 1}", $"the header names column '{name}' twice. Column names must be unique.");
            }

            names.Add(name);
        }

        ColumnNames = names;
        if (names.Count == 1 && DelimiterSniffer.LooksDelimited(names[0]) is { } looks)
        {
            _warnings.Add($"'{System.IO.Path.GetFileName(Path)}' reads as one column named '{names[0]}' with '{Show(_separator)}' as the delimiter. If '{Show(looks)}' separates the columns, pass --delimiter '{Show(looks)}'.");
        }
    }

    private static string Show(char delimiter) => delimiter == '\t' ? "\\t" : delimiter.ToString();

    public ValueTask<TableBatch?> ReadBatchAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var columns = new ColumnBatch[ColumnNames.Count];
        for (var c = 0; c < columns.Length; c++)
        {
            columns[c] = new ColumnBatch(ColumnNames[c], _batchRows);
        }

        var firstRow = _rowsRead + 1;
        var rows = 0;
        while (rows < _batchRows && ReadRecord(out var startLine))
        {
            if (_record.Count == 1 && _record[0].Length == 0 && columns.Length > 1)
            {
                continue; // a blank line
            }

            if (_record.Count != columns.Length)
            {
                throw AriadneException.BadData(Path, $"line {startLine} (row {_rowsRead + 1})",
                    $"{_record.Count} field(s), but the header has {columns.Length} column(s). Check for a missing or extra '{(_separator == '\t' ? "\\t" : _separator)}' or an unclosed quote.");
            }

            for (var c = 0; c < columns.Length; c++)
            {
                var text = _record[c];
                if (_naValues.Contains(text))
                {
                    columns[c].SetNull(rows, text);
                }
                else if (CellText.TryParseNumber(text, out var number))
                {
                    columns[c].SetNumber(rows, number, text);
                }
                else if (_decimalComma && CellText.TryParseDecimalComma(text, out number))
                {
                    columns[c].SetNumber(rows, number, text);
                    if (!_warnedDecimalComma)
                    {
                        _warnedDecimalComma = true;
                        _warnings.Add($"'{System.IO.Path.GetFileName(Path)}': numbers with a decimal comma (e.g. '{text}' in column '{ColumnNames[c]}', line {startLine}) are read as numbers ({number.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}); parts keep them as written.");
                    }
                }
                else
                {
                    columns[c].SetText(rows, text);
                }
            }

            rows++;
            _rowsRead++;
        }

        return ValueTask.FromResult(rows == 0 ? null : new TableBatch(columns, rows, firstRow));
    }

    /// <summary>Reads one record into <see cref="_record"/>; false at the end of the input.</summary>
    private bool ReadRecord(out long startLine)
    {
        _record.Clear();
        startLine = _line;
        if (!EnsureData())
        {
            return false;
        }

        _field.Clear();
        var quoted = false;
        var fieldStarted = false;
        while (true)
        {
            if (_position >= _length && !EnsureData())
            {
                if (quoted)
                {
                    throw AriadneException.BadData(Path, $"line {startLine}", "a quoted field is never closed. Close the quote or remove it.");
                }

                _record.Add(_field.ToString());
                return true;
            }

            var ch = _buffer[_position++];
            if (quoted)
            {
                if (ch == '"')
                {
                    if (_position >= _length)
                    {
                        EnsureData();
                    }

                    if (_position < _length && _buffer[_position] == '"')
                    {
                        _field.Append('"');
                        _position++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (ch == '\n')
                    {
                        _line++;
                    }

                    _field.Append(ch);
                }

                continue;
            }

            if (ch == _separator)
            {
                _record.Add(_field.ToString());
                _field.Clear();
                fieldStarted = false;
            }
            else if (ch == '\n')
            {
                _line++;
                _record.Add(TrimCarriageReturn());
                return true;
            }
            else if (ch == '"' && !fieldStarted && _field.Length == 0)
            {
                quoted = true;
                fieldStarted = true;
            }
            else
            {
                fieldStarted = true;
                _field.Append(ch);
            }
        }
    }

    private string TrimCarriageReturn()
    {
        if (_field.Length > 0 && _field[^1] == '\r')
        {
            _field.Length--;
        }

        return _field.ToString();
    }

    private bool EnsureData()
    {
        if (_position < _length)
        {
            return true;
        }

        if (_eof)
        {
            return false;
        }

        try
        {
            _length = _input.Read(_buffer, 0, _buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            throw InvalidUtf8.Error(Path, _line);
        }

        _position = 0;
        if (_length == 0)
        {
            _eof = true;
            return false;
        }

        return true;
    }

    public void Dispose() => _input.Dispose();
}
