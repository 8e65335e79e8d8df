using System.Globalization;
using Ariadne.Data.Reading;
using Ariadne.Tracking;
using TableFormat = Ariadne.Data.Reading.TableFormat;

namespace Ariadne.Monitoring;

/// <summary>
/// The true labels of logged predictions, by row id: stored by <c>ariadne monitor labels</c> as runs of
/// <c>ariadne-monitoring</c> (kind <c>labels</c>) with Parquet artifacts under <c>labels/</c> (columns id, label, time).
/// A later labels file wins for an id labelled twice.
/// </summary>
internal sealed class MonitorLabels
{
    private MonitorLabels(Dictionary<string, Label> byId) => ById = byId;

    /// <summary>One label: its text (classifiers compare predictions with it) and its number (regressors; NaN when not a number).</summary>
    public readonly record struct Label(string Text, double Number);

    public Dictionary<string, Label> ById { get; }

    public static MonitorLabels Empty => new(new Dictionary<string, Label>(StringComparer.Ordinal));

    public static async Task<MonitorLabels> LoadAsync(TrackingClient tracking, string model, string scratch, CancellationToken cancellationToken)
    {
        var store = tracking.Store;
        var experiment = await store.GetExperimentByNameAsync(MonitoringNames.MonitoringExperiment, cancellationToken).ConfigureAwait(false);
        var labels = Empty;
        if (experiment is null)
        {
            return labels;
        }

        var filter = $"tags.`{MonitoringNames.KindTag}` = 'labels' and tags.`{MonitoringNames.ModelTag}` = '{model.Replace("'", "''", StringComparison.Ordinal)}'";
        var runs = new List<Run>();
        await foreach (var run in store.SearchAllRunsAsync(new RunSearch([experiment.ExperimentId], filter), cancellationToken).ConfigureAwait(false))
        {
            runs.Add(run);
        }

        Directory.CreateDirectory(scratch);
        var n = 0;
        foreach (var run in runs.OrderBy(r => r.Info.StartTime).ThenBy(r => r.Info.RunId, StringComparer.Ordinal))
        {
            foreach (var artifact in await store.ListArtifactsAsync(run.Info.RunId, cancellationToken).ConfigureAwait(false))
            {
                if (!artifact.Path.StartsWith("labels/", StringComparison.Ordinal) || !artifact.Path.EndsWith(".parquet", StringComparison.Ordinal))
                {
                    continue;
                }

                var local = Path.Combine(scratch, $"labels-{n++:D5}.parquet");
                await tracking.DownloadArtifactAsync(run.Info.RunId, artifact.Path, local, cancellationToken).ConfigureAwait(false);
                await labels.ReadAsync(local, "id", "label", cancellationToken).ConfigureAwait(false);
            }
        }

        return labels;
    }

    /// <summary>Reads (id, label) pairs from a table; returns the rows read and the rows skipped for a missing id or label.</summary>
    internal async Task<(long Rows, long Skipped)> ReadAsync(string path, string idColumn, string labelColumn, CancellationToken cancellationToken)
    {
        using var reader = await TableReader.OpenAsync(path, cancellationToken: cancellationToken, columns: [idColumn, labelColumn]).ConfigureAwait(false);
        foreach (var wanted in new[] { idColumn, labelColumn })
        {
            if (!reader.ColumnNames.Contains(wanted))
            {
                using var all = await TableReader.OpenAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
                throw AriadneException.ColumnNotFound(path, wanted, all.ColumnNames);
            }
        }

        var idIndex = reader.ColumnNames.ToList().IndexOf(idColumn);
        var labelIndex = reader.ColumnNames.ToList().IndexOf(labelColumn);
        long rows = 0, skipped = 0;
        while (await reader.ReadBatchAsync(cancellationToken).ConfigureAwait(false) is { } batch)
        {
            var ids = batch.Columns[idIndex];
            var values = batch.Columns[labelIndex];
            for (var r = 0; r < batch.RowCount; r++)
            {
                rows++;
                var id = ids.GetText(r);
                if (id is null || values.IsNull(r))
                {
                    skipped++;
                    continue;
                }

                var number = values.Kinds[r] == CellKind.Number ? values.Numbers[r] : double.TryParse(values.GetText(r), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : double.NaN;
                ById[id] = new Label(values.GetText(r)!, number);
            }
        }

        return (rows, skipped);
    }
}
