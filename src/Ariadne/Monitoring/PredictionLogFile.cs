using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace Ariadne.Monitoring;

/// <summary>
/// Writes the queued requests of one model version as one Parquet file (the prediction log format of issue 18):
/// <c>id</c>, <c>request_id</c>, <c>time</c> (Unix ms), <c>model_version</c>, <c>input.{feature}</c> (double, string or
/// boolean, nullable), <c>prediction</c> (string for classifiers, double for regressors), <c>score</c> (nullable double)
/// and, for classifiers whose every class has a probability, <c>score.{class}</c> (nullable double) per class.
/// Columns are filled straight from the batches into typed arrays: nothing is boxed per row.
/// </summary>
internal static class PredictionLogFile
{
    public const string InputPrefix = "input.";

    /// <summary>The prefix of the per-class probability columns, as the monitor reads them.</summary>
    public const string ClassScorePrefix = WindowPerformance.ClassScorePrefix;

    /// <summary>The artifact path of a batch: <c>predictions/v{version}/{firstTimeMs:D13}-{seq:D6}.parquet</c>.</summary>
    public static string ArtifactPath(int version, long firstTimeMs, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"predictions/v{version}/{firstTimeMs:D13}-{sequence:D6}.parquet");

    public static async Task<byte[]> WriteAsync(IReadOnlyList<PredictionLogBatch> batches, CancellationToken cancellationToken)
    {
        var n = 0;
        foreach (var batch in batches)
        {
            n += batch.Count;
        }

        // The input columns in first-seen order, each typed by the first batch that knows its type (else double).
        var order = new List<string>();
        var types = new List<Type?>();
        var columnOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var batch in batches)
        {
            for (var f = 0; f < batch.FeatureCount; f++)
            {
                var name = batch.FeatureName(f);
                if (!columnOf.TryGetValue(name, out var k))
                {
                    columnOf[name] = k = order.Count;
                    order.Add(name);
                    types.Add(null);
                }

                types[k] ??= batch.FeatureType(f);
            }
        }

        var regressor = batches.Count > 0 && batches[0].IsRegressor;
        var ids = new string[n];
        var requests = new string[n];
        var times = new long[n];
        var versions = new int[n];
        var inputs = new Array[order.Count];
        for (var k = 0; k < order.Count; k++)
        {
            types[k] ??= typeof(double);
            inputs[k] = types[k] == typeof(string) ? new string?[n] : types[k] == typeof(bool) ? new bool?[n] : new double?[n];
        }

        var labels = regressor ? null : new string?[n];
        var values = regressor ? new double[n] : null;
        var scores = new double?[n];
        var classScores = new Dictionary<string, double?[]>(StringComparer.Ordinal);
        var classOrder = new List<string>();
        var at = 0;
        var map = new int[16];
        foreach (var batch in batches)
        {
            if (map.Length < batch.FeatureCount)
            {
                map = new int[batch.FeatureCount];
            }

            for (var f = 0; f < batch.FeatureCount; f++)
            {
                map[f] = columnOf[batch.FeatureName(f)];
            }

            for (var r = 0; r < batch.Count; r++)
            {
                var row = at + r;
                ids[row] = batch.Id(r);
                requests[row] = batch.RequestId;
                times[row] = batch.TimeMs;
                versions[row] = batch.ModelVersion;
                if (regressor)
                {
                    values![row] = batch.IsRegressor ? batch.Value(r) : ParseOrNaN(batch.Label(r));
                }
                else
                {
                    labels![row] = batch.IsRegressor ? batch.Value(r).ToString("R", CultureInfo.InvariantCulture) : batch.Label(r);
                }

                scores[row] = batch.Score(r);
                if (!regressor && batch.ClassScores(r) is { } perClass)
                {
                    foreach (var (name, value) in perClass)
                    {
                        if (!classScores.TryGetValue(name, out var column))
                        {
                            classScores[name] = column = new double?[n];
                            classOrder.Add(name);
                        }

                        column[row] = value;
                    }
                }
            }

            for (var f = 0; f < batch.FeatureCount; f++)
            {
                switch (inputs[map[f]])
                {
                    case double?[] numbers:
                        for (var r = 0; r < batch.Count; r++)
                        {
                            numbers[at + r] = batch.Number(f, r);
                        }

                        break;
                    case string?[] texts:
                        for (var r = 0; r < batch.Count; r++)
                        {
                            texts[at + r] = batch.Text(f, r);
                        }

                        break;
                    case bool?[] flags:
                        for (var r = 0; r < batch.Count; r++)
                        {
                            flags[at + r] = batch.Boolean(f, r);
                        }

                        break;
                }
            }

            at += batch.Count;
        }

        var idField = new DataField("id", typeof(string), isNullable: false);
        var requestField = new DataField("request_id", typeof(string), isNullable: false);
        var timeField = new DataField("time", typeof(long), isNullable: false);
        var versionField = new DataField("model_version", typeof(int), isNullable: false);
        var inputFields = order.Select((name, k) => new DataField(InputPrefix + name, types[k]!, isNullable: true)).ToList();
        var predictionField = new DataField("prediction", regressor ? typeof(double) : typeof(string), isNullable: !regressor);
        var scoreField = new DataField("score", typeof(double), isNullable: true);
        var classFields = classOrder.Select(name => new DataField(ClassScorePrefix + name, typeof(double), isNullable: true)).ToList();
        var schema = new ParquetSchema([idField, requestField, timeField, versionField, .. inputFields, predictionField, scoreField, .. classFields]);
        using var stream = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(schema, stream, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(idField, ids, null).ConfigureAwait(false);
            await group.WriteAsync(requestField, requests, null).ConfigureAwait(false);
            await group.WriteAsync<long>(timeField, times.AsMemory(), null, null, cancellationToken).ConfigureAwait(false);
            await group.WriteAsync<int>(versionField, versions.AsMemory(), null, null, cancellationToken).ConfigureAwait(false);
            for (var k = 0; k < order.Count; k++)
            {
                switch (inputs[k])
                {
                    case string?[] texts:
                        await group.WriteAsync(inputFields[k], texts, null).ConfigureAwait(false);
                        break;
                    case bool?[] flags:
                        await group.WriteAsync<bool>(inputFields[k], flags.AsMemory(), null, null, cancellationToken).ConfigureAwait(false);
                        break;
                    case double?[] numbers:
                        await group.WriteAsync<double>(inputFields[k], numbers.AsMemory(), null, null, cancellationToken).ConfigureAwait(false);
                        break;
                }
            }

            if (regressor)
            {
                await group.WriteAsync<double>(predictionField, values!.AsMemory(), null, null, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await group.WriteAsync(predictionField, labels!, null).ConfigureAwait(false);
            }

            await group.WriteAsync<double>(scoreField, scores.AsMemory(), null, null, cancellationToken).ConfigureAwait(false);
            for (var c = 0; c < classOrder.Count; c++)
            {
                await group.WriteAsync<double>(classFields[c], classScores[classOrder[c]].AsMemory(), null, null, cancellationToken).ConfigureAwait(false);
            }

            group.CompleteValidate();
        }

        return stream.ToArray();
    }

    private static double ParseOrNaN(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : double.NaN;
}
