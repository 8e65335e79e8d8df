using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace Ariadne.Monitoring;

/// <summary>
/// Writes the queued requests of one model version as one Parquet file (the prediction log format of issue 18):
/// <c>request_id</c>, <c>row</c> (the row's place in a multi-row request, null for a one-row request: the row id labels
/// join on is <c>request_id</c> or <c>{request_id}/{row}</c>, see <see cref="LoggedRowIds"/>), <c>time</c> (Unix ms),
/// <c>model_version</c>, <c>input.{feature}</c> (double, float, string or boolean, nullable), <c>prediction</c> (string
/// for classifiers, a number for regressors), <c>score</c> (nullable number) and, for classifiers whose every class has
/// a probability, <c>score.{class}</c> (nullable number) per class. Numbers are 32-bit floats where the model gave
/// single-precision ones (ML.NET's inputs, scores and values: the same values in half the bytes, and a third less
/// encoding work; the columns hold them as floats, so they are written as they are), doubles otherwise. Text columns
/// are dictionary-encoded where their values repeat (request ids of batches, categorical inputs, labels), which costs
/// less to write than plain text.
/// Written from the logger's columns (<see cref="PredictionLogColumns"/>) on the log's writer, off the request path,
/// through arrays this writer keeps from file to file: texts go to Parquet as slices of character buffers, and no
/// string or array is made per row or per file (large arrays made per file would each cost a full collection).
/// </summary>
internal sealed class PredictionLogFile : IDisposable
{
    /// <summary>The largest file buffer kept for the next file (bytes).</summary>
    private const int MaxKeptBuffer = 32 << 20;

    /// <summary>How many rows of a text column are looked at before dictionary encoding is given up as not worth it.</summary>
    private const int DictionarySample = 1000;

    private readonly MemoryStream _stream = new();
    private ReadOnlyMemory<char>[] _requests = [];
    private int?[] _rows = [];
    private long[] _times = [];
    private ReadOnlyMemory<char>?[] _texts = [];
    private ReadOnlyMemory<char>[] _presentTexts = [];

    /// <summary>The definition level of a present value of a top-level optional column (1), for every row.</summary>
    private int[] _present = [];
    private float[] _values = [];
    private int[] _versions = [];

    public const string InputPrefix = "input.";

    /// <summary>The prefix of the per-class probability columns, as the monitor reads them.</summary>
    public const string ClassScorePrefix = WindowPerformance.ClassScorePrefix;

    /// <summary>The artifact path of a batch: <c>predictions/v{version}/{firstTimeMs:D13}-{seq:D6}.parquet</c>.</summary>
    public static string ArtifactPath(int version, long firstTimeMs, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"predictions/v{version}/{firstTimeMs:D13}-{sequence:D6}.parquet");

    /// <summary>Writes the columns' rows as one Parquet file and returns its bytes.</summary>
    public async Task<byte[]> WriteAsync(PredictionLogColumns columns, CancellationToken cancellationToken)
    {
        var n = columns.Count;
        PredictionLogColumns.Grow(ref _requests, n);
        PredictionLogColumns.Grow(ref _rows, n);
        PredictionLogColumns.Grow(ref _times, n);
        PredictionLogColumns.Grow(ref _versions, n);
        var versions = _versions.AsMemory(0, n);
        versions.Span.Fill(columns.Version);
        // What the columns hold once per request, spread over its rows.
        foreach (var request in columns.Requests)
        {
            _requests.AsSpan(request.FirstRow, request.Rows).Fill(columns.Memory(request.Id));
            _times.AsSpan(request.FirstRow, request.Rows).Fill(request.TimeMs);
            var rows = _rows.AsSpan(request.FirstRow, request.Rows);
            if (request.RowIdIsRequestId)
            {
                rows.Clear();
            }
            else
            {
                for (var i = 0; i < rows.Length; i++)
                {
                    rows[i] = i;
                }
            }
        }

        var inputs = columns.Inputs.ToList();
        var classes = columns.Classes.ToList();
        var regressor = columns.IsRegressor;
        var outputType = columns.SinglePrecisionOutputs ? typeof(float) : typeof(double);
        var requestField = new DataField("request_id", typeof(string), isNullable: false);
        var rowField = new DataField("row", typeof(int), isNullable: true);
        var timeField = new DataField("time", typeof(long), isNullable: false);
        var versionField = new DataField("model_version", typeof(int), isNullable: false);
        var inputFields = inputs.Select(c => new DataField(InputPrefix + c.Name, c.Type ?? typeof(double), isNullable: true)).ToList();
        var predictionField = new DataField("prediction", regressor ? outputType : typeof(string), isNullable: !regressor);
        var scoreField = new DataField("score", outputType, isNullable: true);
        var classFields = classes.Select(c => new DataField(ClassScorePrefix + c.Name, outputType, isNullable: true)).ToList();
        var schema = new ParquetSchema([requestField, rowField, timeField, versionField, .. inputFields, predictionField, scoreField, .. classFields]);
        var options = new ParquetOptions { DictionaryEncodingSampleSize = DictionarySample };
        foreach (var text in inputFields.Where((_, k) => inputs[k].Type == typeof(string)).Append(requestField).Concat(regressor ? [] : [predictionField]))
        {
            options.ColumnEncodingHints[text.Path.ToString()] = EncodingHint.Dictionary;
        }

        _stream.SetLength(0);
        await using (var writer = await ParquetWriter.CreateAsync(schema, _stream, options, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<ReadOnlyMemory<char>>(requestField, _requests.AsMemory(0, n), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<int>(rowField, _rows.AsMemory(0, n), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<long>(timeField, _times.AsMemory(0, n), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<int>(versionField, versions, null, null, cancellationToken).ConfigureAwait(false);
            for (var k = 0; k < inputs.Count; k++)
            {
                var column = inputs[k];
                if (column.Type == typeof(string))
                {
                    await WriteTextsAsync(group, inputFields[k], columns, column.Texts(n), cancellationToken).ConfigureAwait(false);
                }
                else if (column.Type == typeof(bool))
                {
                    await group.WriteAsync<bool>(inputFields[k], column.Flags(n), null, null, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await WriteNumbersAsync(group, inputFields[k], column.Numbers, n, cancellationToken).ConfigureAwait(false);
                }
            }

            if (regressor && columns.SinglePrecisionOutputs)
            {
                PredictionLogColumns.Grow(ref _values, n);
                var values = columns.Values.Span;
                for (var row = 0; row < n; row++)
                {
                    _values[row] = (float)values[row];
                }

                await group.WriteAsync<float>(predictionField, _values.AsMemory(0, n), null, null, cancellationToken).ConfigureAwait(false);
            }
            else if (regressor)
            {
                await group.WriteAsync<double>(predictionField, columns.Values, null, null, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await WriteTextsAsync(group, predictionField, columns, columns.Labels, cancellationToken).ConfigureAwait(false);
            }

            await WriteNumbersAsync(group, scoreField, columns.Scores, n, cancellationToken).ConfigureAwait(false);
            for (var c = 0; c < classes.Count; c++)
            {
                await WriteNumbersAsync(group, classFields[c], classes[c].Values, n, cancellationToken).ConfigureAwait(false);
            }

            group.CompleteValidate();
        }

        var bytes = _stream.ToArray();
        if (_stream.Capacity > MaxKeptBuffer)
        {
            // One file of long texts should not hold its buffer for the life of the process.
            _stream.SetLength(0);
            _stream.Capacity = 0;
        }

        return bytes;
    }

    /// <summary>
    /// A number column as its field's type: 32-bit floats as they are held (a float field's values were all given as
    /// floats), or doubles (floats held are widened, which is exact).
    /// </summary>
    private static Task WriteNumbersAsync(ParquetRowGroupWriter group, DataField field, NullableNumbers numbers, int n, CancellationToken cancellationToken) =>
        field.ClrType == typeof(float)
            ? group.WriteAsync<float>(field, numbers.HeldSingles(n), null, null, cancellationToken)
            : group.WriteAsync<double>(field, numbers.HeldDoubles(n), null, null, cancellationToken);

    /// <summary>
    /// Writes a nullable text column as slices of the columns' character buffer, in arrays kept for the next column.
    /// Without a missing value (a served model's texts and labels), the slices go with their definition levels (all
    /// present), so Parquet.Net skips its own pass that splits values from nulls.
    /// </summary>
    private Task WriteTextsAsync(ParquetRowGroupWriter group, DataField field, PredictionLogColumns columns, ReadOnlySpan<PredictionLogColumns.Text> texts, CancellationToken cancellationToken)
    {
        var n = texts.Length;
        var missing = false;
        foreach (var text in texts)
        {
            missing |= !text.HasValue;
        }

        if (missing)
        {
            PredictionLogColumns.Grow(ref _texts, n);
            for (var row = 0; row < n; row++)
            {
                var text = texts[row];
                _texts[row] = text.HasValue ? columns.Memory(text) : (ReadOnlyMemory<char>?)null;
            }

            return group.WriteAsync<ReadOnlyMemory<char>>(field, _texts.AsMemory(0, n), null, null, cancellationToken);
        }

        PredictionLogColumns.Grow(ref _presentTexts, n);
        for (var row = 0; row < n; row++)
        {
            _presentTexts[row] = columns.Memory(texts[row]);
        }

        if (_present.Length < n)
        {
            _present = new int[Math.Max(n, _present.Length * 2)];
            Array.Fill(_present, field.MaxDefinitionLevel);
        }

        return group.WriteAllPartsAsync<ReadOnlyMemory<char>>(field, _presentTexts.AsMemory(0, n), _present.AsMemory(0, n), null, cancellationToken);
    }

    public void Dispose() => _stream.Dispose();
}
