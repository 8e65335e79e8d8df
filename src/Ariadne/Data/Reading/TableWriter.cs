using System.Text;
using System.Text.Json;

namespace Ariadne.Data.Reading;

/// <summary>
/// Writes rows taken from batches, cell for cell as they were written in the source: CSV and TSV cells keep their text
/// (a missing cell keeps its spelling: "NA" stays "NA"), quoted where needed, with the source's delimiter; JSON and JSON
/// Lines values are copied as written (1.50, true, nested objects, integers beyond 2^53), and a key a row lacked stays
/// absent. Parquet parts are written by <see cref="ParquetPartWriter"/>.
/// </summary>
internal sealed class TableWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly StreamWriter? _text;
    private readonly Utf8JsonWriter? _json;
    private readonly TableFormat _format;
    private readonly IReadOnlyList<string> _columns;
    private readonly char _separator;
    private bool _firstObject = true;

    /// <param name="separator">The field delimiter for CSV and TSV (the source's; default ',' and tab).</param>
    public TableWriter(string path, TableFormat format, IReadOnlyList<string> columns, char? separator = null)
    {
        _format = format;
        _columns = columns;
        _stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        if (format is TableFormat.Json or TableFormat.JsonLines)
        {
            _json = new Utf8JsonWriter(_stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });
            if (format == TableFormat.Json)
            {
                _stream.Write("[\n"u8);
            }
        }
        else
        {
            _separator = separator ?? (format == TableFormat.Tsv ? '\t' : ',');
            _text = new StreamWriter(_stream, new UTF8Encoding(false), 1 << 16);
            for (var c = 0; c < columns.Count; c++)
            {
                if (c > 0) { _text.Write(_separator); }
                WriteCell(columns[c]);
            }

            _text.Write('\n');
        }
    }

    public static string Extension(TableFormat format) => format switch
    {
        TableFormat.Tsv => ".tsv",
        TableFormat.Json => ".json",
        TableFormat.JsonLines => ".jsonl",
        TableFormat.Parquet => ".parquet",
        _ => ".csv",
    };

    public long Rows { get; private set; }

    public void WriteRow(TableBatch batch, int row)
    {
        Rows++;
        if (_json is not null)
        {
            if (_format == TableFormat.Json && !_firstObject)
            {
                _json.Flush();
                _stream.Write(",\n"u8);
            }

            _firstObject = false;
            _json.WriteStartObject();
            for (var c = 0; c < batch.Columns.Count; c++)
            {
                var column = batch.Columns[c];
                if (column.Json is { } json)
                {
                    if (json[row] is { } raw)
                    {
                        _json.WritePropertyName(_columns[c]);
                        _json.WriteRawValue(raw, skipInputValidation: true);
                    }

                    continue;
                }

                switch (column.Kinds[row])
                {
                    case CellKind.Null: _json.WriteNull(_columns[c]); break;
                    case CellKind.Number: _json.WriteNumber(_columns[c], column.Numbers[row]); break;
                    default: _json.WriteString(_columns[c], column.Texts[row]); break;
                }
            }

            _json.WriteEndObject();
            _json.Flush();
            if (_format == TableFormat.JsonLines)
            {
                _stream.WriteByte((byte)'\n');
            }

            _json.Reset();
            return;
        }

        for (var c = 0; c < batch.Columns.Count; c++)
        {
            if (c > 0) { _text!.Write(_separator); }
            WriteCell(batch.Columns[c].GetWritten(row));
        }

        _text!.Write('\n');
    }

    private void WriteCell(string text)
    {
        if (text.AsSpan().IndexOfAny(_separator, '"', '\n') < 0 && text.IndexOf('\r', StringComparison.Ordinal) < 0)
        {
            _text!.Write(text);
            return;
        }

        _text!.Write('"');
        _text.Write(text.Replace("\"", "\"\"", StringComparison.Ordinal));
        _text.Write('"');
    }

    public void Dispose()
    {
        if (_json is not null)
        {
            _json.Dispose();
            if (_format == TableFormat.Json)
            {
                _stream.Write("\n]\n"u8);
            }

            _stream.Flush();
            _stream.Dispose();
            return;
        }

        _text!.Dispose();
    }
}
