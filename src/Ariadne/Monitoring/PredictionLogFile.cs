using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;

namespace Ariadne.Monitoring;

/// <summary>
/// Writes the queued requests of one model version as one Apache Arrow IPC file (Feather v2, <c>.arrow</c>; the
/// prediction log format of issue 18): <c>request_id</c> (dictionary-encoded: one entry per request), <c>row</c> (the
/// row's place in a multi-row request, null for a one-row request: the row id labels join on is <c>request_id</c> or
/// <c>{request_id}/{row}</c>, see <see cref="LoggedRowIds"/>), <c>time</c> (Unix ms), <c>model_version</c>,
/// <c>input.{feature}</c> (double, float, string or boolean, nullable), <c>prediction</c> (string for classifiers, a
/// number for regressors), <c>score</c> (nullable number) and, for classifiers whose every class has a probability,
/// <c>score.{class}</c> (nullable number) per class. Numbers are 32-bit floats where the model gave single-precision
/// ones (ML.NET's inputs, scores and values), doubles otherwise. Text inputs and labels whose values repeat are
/// dictionary-encoded (<see cref="AddTexts"/>), others plain UTF-8.
/// <para>
/// Arrow, not Parquet: the log is written while the server answers, on the same cores, and an Arrow file is the
/// columns laid out as they are held (values, validity bitmaps, UTF-8 with offsets), with no encoding or compression
/// pass. Writing one cost 50 ns a row against Parquet's 154 (Parquet.Net's dictionary and Snappy passes), for 2.6
/// times the bytes (docs/benchmarks.md, serving, ninth pass). pyarrow, polars, DuckDB and the apache-arrow npm package
/// read the files; Ariadne's own readers take them as any table (<see cref="Data.Reading.ArrowTableReader"/>).
/// </para>
/// Written from the logger's columns (<see cref="PredictionLogColumns"/>) on the log's writer, off the request path,
/// into byte buffers this writer keeps from file to file.
/// </summary>
internal sealed class PredictionLogFile : IDisposable
{
    /// <summary>The largest file buffer kept for the next file (bytes).</summary>
    private const int MaxKeptBuffer = 32 << 20;

    public const string InputPrefix = "input.";

    /// <summary>The prefix of the per-class probability columns, as the monitor reads them.</summary>
    public const string ClassScorePrefix = WindowPerformance.ClassScorePrefix;

    /// <summary>The extension of the batches the log writes now (batches written before are <c>.parquet</c>, and read as well).</summary>
    public const string Extension = ".arrow";

    private readonly MemoryStream _stream = new();
    private readonly List<byte[]> _buffers = [];

    /// <summary>A text column's dictionary while it is built: each value's place in the character buffer, and its entry.</summary>
    private readonly Dictionary<int, int> _places = [];
    private readonly List<PredictionLogColumns.Text> _entries = [];
    private int _used;

    /// <summary>The artifact path of a batch: <c>predictions/v{version}/{firstTimeMs:D13}-{seq:D6}.arrow</c>.</summary>
    public static string ArtifactPath(int version, long firstTimeMs, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"predictions/v{version}/{firstTimeMs:D13}-{sequence:D6}{Extension}");

    /// <summary>Whether an artifact path names a batch of the log, in the format written now or the Parquet of earlier versions.</summary>
    public static bool IsBatch(string path) =>
        path.EndsWith(Extension, StringComparison.Ordinal) || path.EndsWith(".parquet", StringComparison.Ordinal);

    /// <summary>Writes the columns' rows as one Arrow file and returns its bytes, valid until the next write.</summary>
    public async Task<ReadOnlyMemory<byte>> WriteAsync(PredictionLogColumns columns, CancellationToken cancellationToken)
    {
        _used = 0;
        var n = columns.Count;
        var fields = new List<Field>();
        var arrays = new List<IArrowArray>();

        // request_id: a dictionary of the requests' ids, an index per row.
        var requests = columns.Requests;
        var indices = Buffer<int>(n);
        var rowNumbers = Buffer<int>(n);
        var rowValid = Bitmap(n);
        var rowNulls = 0;
        var times = Buffer<long>(n);
        var idOffsets = Buffer<int>(requests.Length + 1);
        var idBytes = 0;
        for (var r = 0; r < requests.Length; r++)
        {
            idBytes += Encoding.UTF8.GetMaxByteCount(requests[r].Id.Length);
        }

        var idData = Raw(idBytes);
        var at = 0;
        for (var r = 0; r < requests.Length; r++)
        {
            var request = requests[r];
            idOffsets.Span[r] = at;
            at += Encoding.UTF8.GetBytes(columns.Chars(request.Id), idData.Span[at..]);
            indices.Span.Slice(request.FirstRow, request.Rows).Fill(r);
            times.Span.Slice(request.FirstRow, request.Rows).Fill(request.TimeMs);
            var rows = rowNumbers.Span.Slice(request.FirstRow, request.Rows);
            if (request.RowIdIsRequestId)
            {
                rows.Clear();
                rowNulls += request.Rows;
            }
            else
            {
                for (var i = 0; i < rows.Length; i++)
                {
                    rows[i] = i;
                }

                SetValid(rowValid.Span, request.FirstRow, request.Rows);
            }
        }

        idOffsets.Span[requests.Length] = at;
        var idType = new DictionaryType(Int32Type.Default, StringType.Default, false);
        fields.Add(new Field("request_id", idType, false));
        arrays.Add(new DictionaryArray(idType, new Int32Array(new ArrowBuffer(indices.Bytes), ArrowBuffer.Empty, n, 0, 0),
            new StringArray(requests.Length, new ArrowBuffer(idOffsets.Bytes), new ArrowBuffer(idData.Bytes[..at]), ArrowBuffer.Empty, 0, 0)));

        fields.Add(new Field("row", Int32Type.Default, true));
        arrays.Add(new Int32Array(new ArrowBuffer(rowNumbers.Bytes), rowNulls == 0 ? ArrowBuffer.Empty : new ArrowBuffer(rowValid.Bytes), n, rowNulls, 0));
        fields.Add(new Field("time", Int64Type.Default, false));
        arrays.Add(new Int64Array(new ArrowBuffer(times.Bytes), ArrowBuffer.Empty, n, 0, 0));
        var versions = Buffer<int>(n);
        versions.Span.Fill(columns.Version);
        fields.Add(new Field("model_version", Int32Type.Default, false));
        arrays.Add(new Int32Array(new ArrowBuffer(versions.Bytes), ArrowBuffer.Empty, n, 0, 0));

        foreach (var input in columns.Inputs)
        {
            var name = InputPrefix + input.Name;
            if (input.Type == typeof(string))
            {
                AddTexts(fields, arrays, name, columns, input.Texts(n));
            }
            else if (input.Type == typeof(bool))
            {
                fields.Add(new Field(name, BooleanType.Default, true));
                arrays.Add(Flags(input.Flags(n).Span));
            }
            else
            {
                AddNumbers(fields, arrays, name, input.Numbers, n, input.Type == typeof(float));
            }
        }

        var single = columns.SinglePrecisionOutputs;
        if (columns.IsRegressor)
        {
            var values = columns.Values.Span;
            if (single)
            {
                var floats = Buffer<float>(n);
                for (var row = 0; row < n; row++)
                {
                    floats.Span[row] = (float)values[row];
                }

                fields.Add(new Field("prediction", FloatType.Default, false));
                arrays.Add(new FloatArray(new ArrowBuffer(floats.Bytes), ArrowBuffer.Empty, n, 0, 0));
            }
            else
            {
                var doubles = Buffer<double>(n);
                values.CopyTo(doubles.Span);
                fields.Add(new Field("prediction", DoubleType.Default, false));
                arrays.Add(new DoubleArray(new ArrowBuffer(doubles.Bytes), ArrowBuffer.Empty, n, 0, 0));
            }
        }
        else
        {
            AddTexts(fields, arrays, "prediction", columns, columns.Labels);
        }

        AddNumbers(fields, arrays, "score", columns.Scores, n, single);
        foreach (var scores in columns.Classes)
        {
            AddNumbers(fields, arrays, ClassScorePrefix + scores.Name, scores.Values, n, single);
        }

        var schema = new Schema(fields, null);
        using var batch = new RecordBatch(schema, arrays, n);
        _stream.SetLength(0);
        if (_stream.Capacity > MaxKeptBuffer)
        {
            // One file of long texts should not hold its buffer for the life of the process.
            _stream.Capacity = 0;
        }

        using (var writer = new ArrowFileWriter(_stream, schema, leaveOpen: true))
        {
            await writer.WriteRecordBatchAsync(batch, cancellationToken).ConfigureAwait(false);
            await writer.WriteEndAsync(cancellationToken).ConfigureAwait(false);
        }

        return _stream.GetBuffer().AsMemory(0, (int)_stream.Length);
    }

    private void AddNumbers(List<Field> fields, List<IArrowArray> arrays, string name, NullableNumbers numbers, int n, bool single)
    {
        var valid = Bitmap(n);
        if (single && numbers.IsSingle)
        {
            var values = Buffer<float>(n);
            var nulls = Split(numbers.HeldSingles(n).Span, values.Span, valid.Span);
            fields.Add(new Field(name, FloatType.Default, true));
            arrays.Add(new FloatArray(new ArrowBuffer(values.Bytes), nulls == 0 ? ArrowBuffer.Empty : new ArrowBuffer(valid.Bytes), n, nulls, 0));
        }
        else
        {
            var values = Buffer<double>(n);
            var nulls = Split(numbers.HeldDoubles(n).Span, values.Span, valid.Span);
            fields.Add(new Field(name, DoubleType.Default, true));
            arrays.Add(new DoubleArray(new ArrowBuffer(values.Bytes), nulls == 0 ? ArrowBuffer.Empty : new ArrowBuffer(valid.Bytes), n, nulls, 0));
        }
    }

    /// <summary>Splits nullable values into Arrow's values (0 where missing) and validity bits; returns how many are missing.</summary>
    private static int Split<T>(ReadOnlySpan<T?> held, Span<T> values, Span<byte> bits)
        where T : struct
    {
        var nulls = 0;
        for (var row = 0; row < held.Length; row++)
        {
            if (held[row] is { } value)
            {
                values[row] = value;
                bits[row >> 3] |= (byte)(1 << (row & 7));
            }
            else
            {
                values[row] = default;
                nulls++;
            }
        }

        return nulls;
    }

    /// <summary>
    /// A text column: as a dictionary (each distinct value once, an int32 index per row) when its values repeat, as
    /// categories and labels do; plain UTF-8 otherwise. The log's interner holds a repeated short value once, at one
    /// place in the character buffer, so the dictionary is keyed by that place and no text is hashed or compared. A
    /// value the interner did not recognise as a repeat gets an entry of its own (the dictionary may then hold a value
    /// twice, which Arrow allows); a column with more than a quarter of its rows distinct is written plain.
    /// </summary>
    private void AddTexts(List<Field> fields, List<IArrowArray> arrays, string name, PredictionLogColumns columns, ReadOnlySpan<PredictionLogColumns.Text> texts)
    {
        if (Dictionary(columns, texts) is { } dictionary)
        {
            fields.Add(new Field(name, dictionary.Data.DataType, true));
            arrays.Add(dictionary);
        }
        else
        {
            fields.Add(new Field(name, StringType.Default, true));
            arrays.Add(Texts(columns, texts));
        }
    }

    private DictionaryArray? Dictionary(PredictionLogColumns columns, ReadOnlySpan<PredictionLogColumns.Text> texts)
    {
        var n = texts.Length;
        var limit = Math.Max(16, n / 4);
        _places.Clear();
        _entries.Clear();
        var indices = Buffer<int>(n);
        var valid = Bitmap(n);
        var index = indices.Span;
        var bits = valid.Span;
        var nulls = 0;
        int lastPlace = -1, last = 0;
        for (var row = 0; row < n; row++)
        {
            var text = texts[row];
            if (!text.HasValue)
            {
                index[row] = 0;
                nulls++;
                continue;
            }

            if (text.Offset != lastPlace)
            {
                if (!_places.TryGetValue(text.Offset, out last))
                {
                    if (_entries.Count == limit)
                    {
                        return null;
                    }

                    last = _entries.Count;
                    _places[text.Offset] = last;
                    _entries.Add(text);
                }

                lastPlace = text.Offset;
            }

            index[row] = last;
            bits[row >> 3] |= (byte)(1 << (row & 7));
        }

        var values = Texts(columns, CollectionsMarshal.AsSpan(_entries));
        var type = new DictionaryType(Int32Type.Default, StringType.Default, false);
        return new DictionaryArray(type, new Int32Array(new ArrowBuffer(indices.Bytes), nulls == 0 ? ArrowBuffer.Empty : new ArrowBuffer(valid.Bytes), n, nulls, 0), values);
    }

    private StringArray Texts(PredictionLogColumns columns, ReadOnlySpan<PredictionLogColumns.Text> texts)
    {
        var n = texts.Length;
        var offsets = Buffer<int>(n + 1);
        var valid = Bitmap(n);
        var size = 0;
        foreach (var text in texts)
        {
            size += text.Length * 3;
        }

        var data = Raw(size);
        var at = 0;
        var nulls = 0;
        var bits = valid.Span;
        var starts = offsets.Span;
        var bytes = data.Span;
        for (var row = 0; row < n; row++)
        {
            starts[row] = at;
            var text = texts[row];
            if (text.HasValue)
            {
                at += Encoding.UTF8.GetBytes(columns.Chars(text), bytes[at..]);
                bits[row >> 3] |= (byte)(1 << (row & 7));
            }
            else
            {
                nulls++;
            }
        }

        starts[n] = at;
        return new StringArray(n, new ArrowBuffer(offsets.Bytes), new ArrowBuffer(data.Bytes[..at]), nulls == 0 ? ArrowBuffer.Empty : new ArrowBuffer(valid.Bytes), nulls, 0);
    }

    private BooleanArray Flags(ReadOnlySpan<bool?> flags)
    {
        var n = flags.Length;
        var values = Bitmap(n);
        var valid = Bitmap(n);
        var nulls = 0;
        for (var row = 0; row < n; row++)
        {
            if (flags[row] is { } flag)
            {
                valid.Span[row >> 3] |= (byte)(1 << (row & 7));
                if (flag)
                {
                    values.Span[row >> 3] |= (byte)(1 << (row & 7));
                }
            }
            else
            {
                nulls++;
            }
        }

        return new BooleanArray(new ArrowBuffer(values.Bytes), nulls == 0 ? ArrowBuffer.Empty : new ArrowBuffer(valid.Bytes), n, nulls, 0);
    }

    private Slice<T> Buffer<T>(int count)
        where T : struct => new(Raw(count * Marshal.SizeOf<T>()).Bytes);

    private Slice<byte> Bitmap(int n)
    {
        var bitmap = Raw((n + 7) / 8);
        bitmap.Span.Clear();
        return bitmap;
    }

    private static void SetValid(Span<byte> bits, int from, int count)
    {
        for (var row = from; row < from + count; row++)
        {
            bits[row >> 3] |= (byte)(1 << (row & 7));
        }
    }

    /// <summary>A byte buffer kept from file to file (one per use in a file, in order).</summary>
    private Slice<byte> Raw(int bytes)
    {
        if (_used == _buffers.Count)
        {
            _buffers.Add([]);
        }

        var buffer = _buffers[_used];
        if (buffer.Length < bytes || (buffer.Length > MaxKeptBuffer && bytes < MaxKeptBuffer / 4))
        {
            // Grown by doubling; one that a file of long texts grew past the limit is let go at the next small file.
            _buffers[_used] = buffer = new byte[buffer.Length > MaxKeptBuffer ? bytes : Math.Max(bytes, buffer.Length * 2)];
        }

        _used++;
        return new Slice<byte>(buffer.AsMemory(0, bytes));
    }

    private readonly struct Slice<T>(Memory<byte> bytes)
        where T : struct
    {
        public Memory<byte> Bytes { get; } = bytes;

        public Span<T> Span => MemoryMarshal.Cast<byte, T>(Bytes.Span);
    }

    public void Dispose() => _stream.Dispose();
}
