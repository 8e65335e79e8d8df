using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace Ariadne.Monitoring;

/// <summary>
/// Writes the queued requests of one model version as one Parquet file (the prediction log format of issue 18):
/// <c>request_id</c>, <c>row</c> (the row's place in a multi-row request, null for a one-row request: the row id labels
/// join on is <c>request_id</c> or <c>{request_id}/{row}</c>, see <see cref="LoggedRowIds"/>), <c>time</c> (Unix ms),
/// <c>model_version</c>, <c>input.{feature}</c> (double, string or boolean, nullable), <c>prediction</c> (string for
/// classifiers, double for regressors), <c>score</c> (nullable double) and, for classifiers whose every class has a
/// probability, <c>score.{class}</c> (nullable double) per class. Text columns are dictionary-encoded where their values
/// repeat (request ids of batches, categorical inputs, labels), which costs less to write than plain text.
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
    private ReadOnlyMemory<char>?[] _texts = [];
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
        PredictionLogColumns.Grow(ref _versions, n);
        var times = columns.Times;
        var versions = _versions.AsMemory(0, n);
        versions.Span.Fill(columns.Version);
        for (var row = 0; row < n; row++)
        {
            _requests[row] = columns.RequestMemory(row);
            var at = columns.RowInRequest(row);
            _rows[row] = at < 0 ? null : at;
        }

        var inputs = columns.Inputs.ToList();
        var classes = columns.Classes.ToList();
        var regressor = columns.IsRegressor;
        var requestField = new DataField("request_id", typeof(string), isNullable: false);
        var rowField = new DataField("row", typeof(int), isNullable: true);
        var timeField = new DataField("time", typeof(long), isNullable: false);
        var versionField = new DataField("model_version", typeof(int), isNullable: false);
        var inputFields = inputs.Select(c => new DataField(InputPrefix + c.Name, c.Type ?? typeof(double), isNullable: true)).ToList();
        var predictionField = new DataField("prediction", regressor ? typeof(double) : typeof(string), isNullable: !regressor);
        var scoreField = new DataField("score", typeof(double), isNullable: true);
        var classFields = classes.Select(c => new DataField(ClassScorePrefix + c.Name, typeof(double), isNullable: true)).ToList();
        var schema = new ParquetSchema([requestField, rowField, timeField, versionField, .. inputFields, predictionField, scoreField, .. classFields]);
        var options = new ParquetOptions { DictionaryEncodingSampleSize = DictionarySample };
        foreach (var text in inputFields.Where(f => f.ClrType != typeof(double) && f.ClrType != typeof(bool)).Append(requestField).Append(predictionField))
        {
            options.ColumnEncodingHints[text.Path.ToString()] = EncodingHint.Dictionary;
        }

        _stream.SetLength(0);
        await using (var writer = await ParquetWriter.CreateAsync(schema, _stream, options, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync<ReadOnlyMemory<char>>(requestField, _requests.AsMemory(0, n), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<int>(rowField, _rows.AsMemory(0, n), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<long>(timeField, times, null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<int>(versionField, versions, null, null, cancellationToken).ConfigureAwait(false);
            for (var k = 0; k < inputs.Count; k++)
            {
                var column = inputs[k];
                if (column.Type == typeof(string))
                {
                    await group.WriteAsync<ReadOnlyMemory<char>>(inputFields[k], Texts(columns, n, column.TextAt), null, null, cancellationToken).ConfigureAwait(false);
                }
                else if (column.Type == typeof(bool))
                {
                    await group.WriteAsync<bool>(inputFields[k], column.Flags(n), null, null, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await group.WriteAsync<double>(inputFields[k], column.Numbers(n), null, null, cancellationToken).ConfigureAwait(false);
                }
            }

            if (regressor)
            {
                await group.WriteAsync<double>(predictionField, columns.Values, null, null, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await group.WriteAsync<ReadOnlyMemory<char>>(predictionField, Texts(columns, n, columns.LabelAt), null, null, cancellationToken).ConfigureAwait(false);
            }

            await group.WriteAsync<double>(scoreField, columns.Scores, null, null, cancellationToken).ConfigureAwait(false);
            for (var c = 0; c < classes.Count; c++)
            {
                await group.WriteAsync<double>(classFields[c], classes[c].Values(n), null, null, cancellationToken).ConfigureAwait(false);
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

    /// <summary>A text column as slices of the columns' character buffer, in an array kept for the next column.</summary>
    private ReadOnlyMemory<ReadOnlyMemory<char>?> Texts(PredictionLogColumns columns, int n, Func<int, PredictionLogColumns.Text> at)
    {
        PredictionLogColumns.Grow(ref _texts, n);
        for (var row = 0; row < n; row++)
        {
            var text = at(row);
            _texts[row] = text.HasValue ? columns.Memory(text) : (ReadOnlyMemory<char>?)null;
        }

        return _texts.AsMemory(0, n);
    }

    public void Dispose() => _stream.Dispose();
}
