using System.Globalization;
using Ariadne.Data.Drift;
using Ariadne.Data.Profiling;
using Ariadne.Data.Reading;
using Ariadne.Registry;
using Ariadne.Tracking;
using TableFormat = Ariadne.Data.Reading.TableFormat;

namespace Ariadne.Monitoring;

/// <summary>
/// Monitors a model version: streams its prediction log column batch by column batch into time windows, tests each
/// feature of each window for drift against the reference with the data-quality tests, tests the predictions for drift
/// against the first window, joins the labels that arrived and computes the model's metrics per window.
/// </summary>
internal static class ModelMonitor
{
    private const string InputPrefix = "input.";

    public static async Task<MonitorReport> ComputeAsync(TrackingClient tracking, ModelVersion version, MonitorOptions options, CancellationToken cancellationToken)
    {
        var scratch = Directory.CreateTempSubdirectory("ariadne-monitor-").FullName;
        try
        {
            var reference = await MonitorReference.LoadAsync(tracking, version, options.ReferenceFile, scratch, cancellationToken).ConfigureAwait(false);
            var files = await LoggedPredictions.DownloadAsync(tracking, version.Name, version.Version, Path.Combine(scratch, "predictions"), cancellationToken).ConfigureAwait(false);
            var labels = await MonitorLabels.LoadAsync(tracking, version.Name, Path.Combine(scratch, "labels"), cancellationToken).ConfigureAwait(false);
            return await ComputeAsync(version.Name, version.Version, reference, files, labels, options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            try
            {
                Directory.Delete(scratch, true);
            }
            catch (IOException)
            {
                // A temp folder left behind is harmless.
            }
        }
    }

    internal static async Task<MonitorReport> ComputeAsync(string model, int version, MonitorReference reference, IReadOnlyList<string> files, MonitorLabels labels, MonitorOptions options, CancellationToken cancellationToken)
    {
        var notes = new List<string>();
        var windows = new Dictionary<long, WindowAccumulator>();
        var features = new List<string>();
        bool? classifier = null;
        long rows = 0;
        var useLabels = labels.ById.Count > 0;
        var scoreClasses = new List<string>();
        foreach (var file in files)
        {
            string[] names;
            using (var schema = await TableReader.OpenAsync(file, TableFormats.FromPath(file), cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                names = [.. schema.ColumnNames];
            }

            foreach (var required in new[] { "time", "prediction" })
            {
                if (!names.Contains(required))
                {
                    throw AriadneException.BadData(file, $"column '{required}'", $"a prediction log batch needs the columns request_id, row, time, model_version, input.*, prediction and score (docs/monitoring.md); it has {string.Join(", ", names)}.");
                }
            }

            var wanted = names.Where(n => n.StartsWith(InputPrefix, StringComparison.Ordinal) || n is "time" or "prediction" or "score" || (useLabels && (LoggedRowIds.Columns.Contains(n) || n.StartsWith(WindowPerformance.ClassScorePrefix, StringComparison.Ordinal)))).ToArray();
            foreach (var c in wanted.Where(n => n.StartsWith(WindowPerformance.ClassScorePrefix, StringComparison.Ordinal)).Select(n => n[WindowPerformance.ClassScorePrefix.Length..]))
            {
                if (!scoreClasses.Contains(c))
                {
                    scoreClasses.Add(c);
                }
            }

            foreach (var n in wanted.Where(n => n.StartsWith(InputPrefix, StringComparison.Ordinal)).Select(n => n[InputPrefix.Length..]))
            {
                if (!features.Contains(n))
                {
                    features.Add(n);
                }
            }

            using var reader = await TableReader.OpenAsync(file, TableFormats.FromPath(file), cancellationToken: cancellationToken, columns: wanted).ConfigureAwait(false);
            var columnNames = reader.ColumnNames.ToList();
            int time = columnNames.IndexOf("time"), prediction = columnNames.IndexOf("prediction"), score = columnNames.IndexOf("score");
            var rowIds = LoggedRowIds.In(columnNames);
            var featureColumns = columnNames.Select((n, i) => (n, i)).Where(x => x.n.StartsWith(InputPrefix, StringComparison.Ordinal)).Select(x => (Feature: features.IndexOf(x.n[InputPrefix.Length..]), Column: x.i)).ToArray();
            var classColumns = columnNames.Select((n, i) => (n, i)).Where(x => x.n.StartsWith(WindowPerformance.ClassScorePrefix, StringComparison.Ordinal)).Select(x => (Class: scoreClasses.IndexOf(x.n[WindowPerformance.ClassScorePrefix.Length..]), Column: x.i)).ToArray();
            while (await reader.ReadBatchAsync(cancellationToken).ConfigureAwait(false) is { } batch)
            {
                var times = batch.Columns[time];
                var predictions = batch.Columns[prediction];
                for (var r = 0; r < batch.RowCount; r++)
                {
                    if (times.Kinds[r] != CellKind.Number)
                    {
                        continue;
                    }

                    var t = (long)times.Numbers[r];
                    if ((options.From is { } from && t < from) || (options.To is { } to && t >= to))
                    {
                        continue;
                    }

                    var start = options.Window.StartOf(t);
                    if (!windows.TryGetValue(start, out var window))
                    {
                        windows[start] = window = new WindowAccumulator();
                    }

                    window.Rows++;
                    rows++;
                    foreach (var (feature, column) in featureColumns)
                    {
                        window.Feature(feature).Add(batch.Columns[column], r);
                    }

                    if (!predictions.IsNull(r))
                    {
                        classifier ??= predictions.Kinds[r] == CellKind.Text;
                        window.Prediction.Add(predictions, r);
                        if (useLabels && rowIds.Of(batch, r) is { } rowId && labels.ById.TryGetValue(rowId, out var label))
                        {
                            window.AddLabelled(predictions, r, score >= 0 && batch.Columns[score].Kinds[r] == CellKind.Number ? batch.Columns[score].Numbers[r] : double.NaN, ClassScores(batch, r, classColumns, scoreClasses.Count), label);
                        }
                    }
                }
            }
        }

        if (rows == 0)
        {
            throw AriadneException.InvalidArgument(files.Count == 0
                ? $"models:/{model}/{version} has no logged predictions: no run of the experiment '{MonitoringNames.ServingExperiment}' with tag {MonitoringNames.ServingModelTag} = {model} has batches under {MonitoringNames.PredictionFolder(version)}. Serve it with 'ariadne serve', or log predictions with the SDK's PredictionLogger."
                : $"models:/{model}/{version} has no logged predictions in the time range asked for ({files.Count} batch file(s) read). Widen --from/--to.");
        }

        if (features.Count > 0 && !features.Any(reference.Columns.ContainsKey))
        {
            throw AriadneException.BadData(reference.Source, "columns",
                $"the reference shares no column with the model's inputs, so no feature can be tested for drift. The prediction log has the inputs {string.Join(", ", features.Take(20))}; the reference has the columns {string.Join(", ", reference.Columns.Keys.Order(StringComparer.Ordinal).Take(20))}. Give a --reference with the model's input columns (its training data), or leave --reference out to use the data the version was trained on.");
        }

        foreach (var feature in features.Where(f => !reference.Columns.ContainsKey(f)))
        {
            notes.Add($"feature '{feature}' is not a column of the reference; it is not tested for drift");
        }

        var ordered = windows.OrderBy(w => w.Key).ToList();
        var first = ordered[0].Key;
        var baseline = ordered[0].Value.Prediction.Distribution("prediction");
        var results = new WindowResult[ordered.Count];
        System.Threading.Tasks.Parallel.For(0, ordered.Count, i =>
        {
            var (start, acc) = ordered[i];
            var drift = new List<ColumnDrift>();
            for (var f = 0; f < features.Count; f++)
            {
                if (reference.Columns.TryGetValue(features[f], out var refColumn) && acc.FeatureOrNull(f) is { } values && Test(refColumn, values.Distribution(features[f])) is { } d)
                {
                    drift.Add(d);
                }
            }

            var predictionDrift = Test(baseline, acc.Prediction.Distribution("prediction"));
            results[i] = new WindowResult((int)((start - first) / options.Window.Milliseconds), start, start + options.Window.Milliseconds, acc.Rows, drift, predictionDrift, acc.Performance(classifier ?? true, scoreClasses));
        });

        foreach (var note in results.Select(r => r.Performance?.AucNote).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            notes.Add(note);
        }

        if (ordered.Sum(w => w.Value.TextLabelsSkipped) is > 0 and var textLabels)
        {
            notes.Add($"{textLabels} labelled row(s) of this regressor have a label that is not a number; they are left out of rmse and mae. Store numeric labels with 'ariadne monitor labels'");
        }

        if (!useLabels)
        {
            notes.Add("no labels yet: add them with 'ariadne monitor labels FILE --id COL --label COL' to see the model's metrics over time");
        }

        return new MonitorReport(model, version, options.Window, reference.Source, reference.Rows, features, classifier ?? true, rows, files.Count, results, notes);
    }

    /// <summary>A row's probability of each class (the log's score.{class} columns, by the monitor's class list; NaN where missing); null when the log has none.</summary>
    private static double[]? ClassScores(TableBatch batch, int row, (int Class, int Column)[] classColumns, int classes)
    {
        if (classColumns.Length == 0)
        {
            return null;
        }

        var values = new double[classes];
        Array.Fill(values, double.NaN);
        foreach (var (c, column) in classColumns)
        {
            if (batch.Columns[column].Kinds[row] == CellKind.Number)
            {
                values[c] = batch.Columns[column].Numbers[row];
            }
        }

        return values;
    }

    /// <summary>The drift test Evidently would choose, with its default threshold; null when a side has no values.</summary>
    private static ColumnDrift? Test(ColumnDistribution reference, ColumnDistribution current)
    {
        if (reference.Count == 0 || current.Count == 0)
        {
            return null;
        }

        if (reference.IsNumeric != current.IsNumeric)
        {
            reference = AsCategories(reference);
            current = AsCategories(current);
        }

        var test = DriftDetector.Choose(reference, current);
        return DriftDetector.Run(reference, current, test, test.DefaultThreshold()) with { Column = current.Name };
    }

    private static ColumnDistribution AsCategories(ColumnDistribution d)
    {
        if (!d.IsNumeric)
        {
            return d;
        }

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var v in d.Sorted)
        {
            var key = (v == 0 ? 0.0 : v).ToString("R", CultureInfo.InvariantCulture);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return ColumnDistribution.Categorical(d.Name, counts, d.Exact);
    }
}
