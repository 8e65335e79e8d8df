using System.Globalization;
using Ariadne.Data.Reading;
using Ariadne.Tracking;
using TableFormat = Ariadne.Data.Reading.TableFormat;

namespace Ariadne.Monitoring;

/// <summary>
/// <c>ariadne monitor labels</c>: reads true labels by row id from a data file, matches them with the model's logged
/// predictions, and stores them as a run of <c>ariadne-monitoring</c> (kind <c>labels</c>) with the Parquet artifact
/// <c>labels/labels-{time}.parquet</c> (id, label, time). Ids no prediction was logged with are reported, and kept.
/// </summary>
internal static class LabelImport
{
    public sealed record Result(string RunId, long Rows, long Stored, long Skipped, long Matched, long Unknown, IReadOnlyList<string> UnknownExamples);

    public static async Task<Result> ImportAsync(TrackingClient tracking, string model, string file, string idColumn, string labelColumn, CancellationToken cancellationToken)
    {
        await tracking.Store.GetRegisteredModelAsync(model, cancellationToken).ConfigureAwait(false);
        var labels = MonitorLabels.Empty;
        var (rows, skipped) = await labels.ReadAsync(Path.GetFullPath(file), idColumn, labelColumn, cancellationToken).ConfigureAwait(false);
        if (labels.ById.Count == 0)
        {
            throw AriadneException.BadData(file, $"column '{labelColumn}'", $"no row has both an id and a label ({rows} row(s) read). Check --id and --label.");
        }

        var scratch = Directory.CreateTempSubdirectory("ariadne-labels-").FullName;
        try
        {
            var known = new HashSet<string>(StringComparer.Ordinal);
            foreach (var batchFile in await LoggedPredictions.DownloadAsync(tracking, model, null, Path.Combine(scratch, "predictions"), cancellationToken).ConfigureAwait(false))
            {
                using var reader = await TableReader.OpenAsync(batchFile, TableFormat.Parquet, cancellationToken: cancellationToken, columns: ["id"]).ConfigureAwait(false);
                if (reader.ColumnNames.Count == 0)
                {
                    continue;
                }

                while (await reader.ReadBatchAsync(cancellationToken).ConfigureAwait(false) is { } batch)
                {
                    for (var r = 0; r < batch.RowCount; r++)
                    {
                        if (batch.Columns[0].GetText(r) is { } id && labels.ById.ContainsKey(id))
                        {
                            known.Add(id);
                        }
                    }
                }
            }

            var ids = labels.ById.Keys.ToArray();
            var unknown = ids.Where(id => !known.Contains(id)).ToList();
            var numeric = labels.ById.Values.All(l => double.IsFinite(l.Number));
            var now = tracking.Time.GetUtcNow().ToUnixTimeMilliseconds();
            var parquet = Path.Combine(scratch, "labels.parquet");
            await ParquetColumns.WriteAsync(parquet,
            [
                ("id", (Array)ids.Select(i => (string?)i).ToArray()),
                ("label", numeric ? (Array)ids.Select(i => labels.ById[i].Number).ToArray() : ids.Select(i => (string?)labels.ById[i].Text).ToArray()),
                ("time", (Array)ids.Select(_ => now).ToArray()),
            ], cancellationToken).ConfigureAwait(false);

            var tags = new Dictionary<string, string>
            {
                [MonitoringNames.KindTag] = "labels",
                [MonitoringNames.ModelTag] = model,
            };
            await using var run = await tracking.StartNewRunAsync(MonitoringNames.MonitoringExperiment, $"labels {model}", null, tags, captureEnvironment: false, cancellationToken).ConfigureAwait(false);
            await run.LogParamAsync("file", Path.GetFileName(file), cancellationToken).ConfigureAwait(false);
            run.LogMetric("labels", ids.Length, 0);
            run.LogMetric("matched_ids", ids.Length - unknown.Count, 0);
            run.LogMetric("unknown_ids", unknown.Count, 0);
            await run.LogArtifactAsync(parquet, $"labels/labels-{now.ToString("D13", CultureInfo.InvariantCulture)}.parquet", cancellationToken).ConfigureAwait(false);
            await run.EndAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return new Result(run.RunId, rows, ids.Length, skipped, ids.Length - unknown.Count, unknown.Count, [.. unknown.Take(5)]);
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
}
