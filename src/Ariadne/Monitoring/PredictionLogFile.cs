using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace Ariadne.Monitoring;

/// <summary>
/// Writes one batch of predicted rows of one model version as a Parquet file (the prediction log format of issue 18):
/// <c>id</c>, <c>request_id</c>, <c>time</c> (Unix ms), <c>model_version</c>, <c>input.{feature}</c> (double, string or
/// boolean, nullable), <c>prediction</c> (string for classifiers, double for regressors) and <c>score</c> (nullable double).
/// </summary>
internal static class PredictionLogFile
{
    public const string InputPrefix = "input.";

    /// <summary>The artifact path of a batch: <c>predictions/v{version}/{firstTimeMs:D13}-{seq:D6}.parquet</c>.</summary>
    public static string ArtifactPath(int version, long firstTimeMs, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"predictions/v{version}/{firstTimeMs:D13}-{sequence:D6}.parquet");

    public static async Task<byte[]> WriteAsync(IReadOnlyList<PredictionLogRow> rows, CancellationToken cancellationToken)
    {
        var n = rows.Count;
        var features = FeatureTypes(rows);
        var regressor = rows.Count > 0 && rows[0].Prediction is not string;
        var idField = new DataField("id", typeof(string), isNullable: false);
        var requestField = new DataField("request_id", typeof(string), isNullable: false);
        var timeField = new DataField("time", typeof(long), isNullable: false);
        var versionField = new DataField("model_version", typeof(int), isNullable: false);
        var inputFields = features.Select(f => new DataField(InputPrefix + f.Name, f.Type, isNullable: true)).ToList();
        var predictionField = new DataField("prediction", regressor ? typeof(double) : typeof(string), isNullable: !regressor);
        var scoreField = new DataField("score", typeof(double), isNullable: true);
        var schema = new ParquetSchema([idField, requestField, timeField, versionField, .. inputFields, predictionField, scoreField]);
        using var stream = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(schema, stream, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(idField, rows.Select(r => r.Id).ToArray(), null).ConfigureAwait(false);
            await group.WriteAsync(requestField, rows.Select(r => r.RequestId).ToArray(), null).ConfigureAwait(false);
            await group.WriteAsync<long>(timeField, rows.Select(r => r.TimeMs).ToArray().AsMemory(), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<int>(versionField, rows.Select(r => r.ModelVersion).ToArray().AsMemory(), null, null, cancellationToken).ConfigureAwait(false);
            for (var f = 0; f < features.Count; f++)
            {
                var name = features[f].Name;
                if (features[f].Type == typeof(string))
                {
                    await group.WriteAsync(inputFields[f], rows.Select(r => r.Inputs.GetValueOrDefault(name) is { } v ? Convert.ToString(v, CultureInfo.InvariantCulture) : null).ToArray(), null).ConfigureAwait(false);
                }
                else if (features[f].Type == typeof(bool))
                {
                    var values = new bool?[n];
                    for (var i = 0; i < n; i++)
                    {
                        values[i] = rows[i].Inputs.GetValueOrDefault(name) is bool b ? b : null;
                    }

                    await group.WriteAsync<bool>(inputFields[f], values.AsMemory(), null, null, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var values = new double?[n];
                    for (var i = 0; i < n; i++)
                    {
                        values[i] = ToDouble(rows[i].Inputs.GetValueOrDefault(name));
                    }

                    await group.WriteAsync<double>(inputFields[f], values.AsMemory(), null, null, cancellationToken).ConfigureAwait(false);
                }
            }

            if (regressor)
            {
                await group.WriteAsync<double>(predictionField, rows.Select(r => ToDouble(r.Prediction) ?? double.NaN).ToArray().AsMemory(), null, null, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await group.WriteAsync(predictionField, rows.Select(r => Convert.ToString(r.Prediction, CultureInfo.InvariantCulture)).ToArray(), null).ConfigureAwait(false);
            }

            await group.WriteAsync<double>(scoreField, rows.Select(r => r.Score).ToArray().AsMemory(), null, null, cancellationToken).ConfigureAwait(false);
            group.CompleteValidate();
        }

        return stream.ToArray();
    }

    /// <summary>The input columns in first-seen order, each typed by its first non-null value: text, bool, else numeric (double).</summary>
    private static List<(string Name, Type Type)> FeatureTypes(IReadOnlyList<PredictionLogRow> rows)
    {
        var order = new List<string>();
        var types = new Dictionary<string, Type?>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            foreach (var (key, value) in row.Inputs)
            {
                if (!types.TryGetValue(key, out var known))
                {
                    order.Add(key);
                    types[key] = TypeOf(value);
                }
                else if (known is null)
                {
                    types[key] = TypeOf(value);
                }
            }
        }

        return [.. order.Select(name => (name, types[name] ?? typeof(double)))];
    }

    private static Type? TypeOf(object? value) => value switch
    {
        null => null,
        string or ReadOnlyMemory<char> or char => typeof(string),
        bool => typeof(bool),
        _ => typeof(double),
    };

    private static double? ToDouble(object? value) => value switch
    {
        null => null,
        double d => d,
        float f => f,
        int i => i,
        long l => l,
        uint u => u,
        short s => s,
        byte b => b,
        decimal m => (double)m,
        bool b => b ? 1 : 0,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        IConvertible c => c.ToDouble(CultureInfo.InvariantCulture),
        _ => null,
    };
}
