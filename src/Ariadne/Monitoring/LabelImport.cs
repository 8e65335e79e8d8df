using System.Globalization;
using Ariadne.Data.Reading;
using Ariadne.Tracking;
using Parquet;
using Parquet.Schema;
using TableFormat = Ariadne.Data.Reading.TableFormat;

namespace Ariadne.Monitoring;

/// <summary>
/// <c>ariadne monitor labels</c>: reads true labels by row id from a data file, matches them with the model's logged
/// predictions, and stores them as a run of <c>ariadne-monitoring</c> (kind <c>labels</c>) with the Parquet artifact
/// <c>labels/labels-{time}.parquet</c> (id, label, time). The file is streamed twice (check, then write, one row group
/// per read batch), so its size is bounded by disk, not memory: what stays in memory is the logged prediction ids and
/// a 64-bit hash per label id (to find duplicates). Ids no prediction was logged with are reported, and kept; an id
/// that appears twice is reported, and its last row wins (as a later labels file wins over an earlier one); text
/// labels for a regressor are refused, naming examples.
/// </summary>
internal static class LabelImport
{
    private const int Examples = 5;

    public sealed record Result(string RunId, long Rows, long Stored, long Skipped, long Matched, long Unknown, IReadOnlyList<string> UnknownExamples)
    {
        /// <summary>Rows whose id an earlier row of the file had too (the last one wins).</summary>
        public long Duplicates { get; init; }

        public IReadOnlyList<string> DuplicateExamples { get; init; } = [];

        /// <summary><c>classifier</c> or <c>regressor</c> as the logged predictions say; null before any prediction was logged.</summary>
        public string? ModelKind { get; init; }
    }

    public static async Task<Result> ImportAsync(TrackingClient tracking, string model, string file, string idColumn, string labelColumn, CancellationToken cancellationToken)
    {
        await tracking.Store.GetRegisteredModelAsync(model, cancellationToken).ConfigureAwait(false);
        var path = Path.GetFullPath(file);
        if (!File.Exists(path))
        {
            throw AriadneException.PathNotFound(file);
        }

        if (new FileInfo(path).Length == 0)
        {
            throw AriadneException.BadData(file, "contents", $"the file is empty. Write a header with the columns '{idColumn}' and '{labelColumn}' and one row per labelled prediction.");
        }

        var scratch = Directory.CreateTempSubdirectory("ariadne-labels-").FullName;
        try
        {
            var (loggedIds, regressor) = await LoggedIdsAsync(tracking, model, scratch, cancellationToken).ConfigureAwait(false);

            // Pass 1: check every row, count, find duplicates and unknown ids, and learn whether every label is a number.
            long rows = 0, skipped = 0, stored = 0, unknown = 0, duplicates = 0, textLabels = 0;
            var unknownExamples = new List<string>();
            var duplicateExamples = new List<string>();
            var textExamples = new List<string>();
            var seen = new HashSet<ulong>();
            await foreach (var (id, label, number) in ReadAsync(path, file, idColumn, labelColumn, cancellationToken).ConfigureAwait(false))
            {
                rows++;
                if (id is null || label is null)
                {
                    skipped++;
                    continue;
                }

                if (!seen.Add(Hash(id)))
                {
                    duplicates++;
                    AddExample(duplicateExamples, id);
                }
                else
                {
                    stored++;
                    if (loggedIds is not null && !loggedIds.Contains(id))
                    {
                        unknown++;
                        AddExample(unknownExamples, id);
                    }
                }

                if (!double.IsFinite(number))
                {
                    textLabels++;
                    AddExample(textExamples, label);
                }
            }

            if (stored == 0)
            {
                throw AriadneException.BadData(file, $"column '{labelColumn}'", $"no row has both an id and a label ({rows} row(s) read). Check --id and --label.");
            }

            if (regressor == true && textLabels > 0)
            {
                throw AriadneException.BadData(file, $"column '{labelColumn}'",
                    $"{textLabels} label(s) are not numbers (e.g. {string.Join(", ", textExamples.Select(t => $"'{t}'"))}), but {model} is a regressor: its logged predictions are numbers, so its labels must be too. Check --label names the true value; nothing was stored.");
            }

            // Pass 2: write the labels, one row group per batch read.
            var numeric = textLabels == 0;
            var now = tracking.Time.GetUtcNow().ToUnixTimeMilliseconds();
            var parquet = Path.Combine(scratch, "labels.parquet");
            await WriteAsync(parquet, ReadAsync(path, file, idColumn, labelColumn, cancellationToken), numeric, now, cancellationToken).ConfigureAwait(false);

            var tags = new Dictionary<string, string>
            {
                [MonitoringNames.KindTag] = "labels",
                [MonitoringNames.ModelTag] = model,
            };
            await using var run = await tracking.StartNewRunAsync(MonitoringNames.MonitoringExperiment, $"labels {model}", null, tags, captureEnvironment: false, cancellationToken).ConfigureAwait(false);
            await run.LogParamAsync("file", Path.GetFileName(file), cancellationToken).ConfigureAwait(false);
            run.LogMetric("labels", stored, 0);
            run.LogMetric("matched_ids", stored - unknown, 0);
            run.LogMetric("unknown_ids", unknown, 0);
            run.LogMetric("duplicate_ids", duplicates, 0);
            await run.LogArtifactAsync(parquet, $"labels/labels-{now.ToString("D13", CultureInfo.InvariantCulture)}.parquet", cancellationToken).ConfigureAwait(false);
            await run.EndAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return new Result(run.RunId, rows, stored, skipped, stored - unknown, unknown, unknownExamples)
            {
                Duplicates = duplicates,
                DuplicateExamples = duplicateExamples,
                ModelKind = regressor switch { true => "regressor", false => "classifier", null => null },
            };
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

    private static void AddExample(List<string> examples, string value)
    {
        if (examples.Count < Examples && !examples.Contains(value))
        {
            examples.Add(value);
        }
    }

    /// <summary>FNV-1a, 64 bits: 25 million ids collide with a chance of about 1 in 60,000.</summary>
    private static ulong Hash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    /// <summary>The ids of every logged prediction of the model (null before any was logged) and whether its predictions are numbers (a regressor).</summary>
    private static async Task<(HashSet<string>? Ids, bool? Regressor)> LoggedIdsAsync(TrackingClient tracking, string model, string scratch, CancellationToken cancellationToken)
    {
        HashSet<string>? ids = null;
        bool? regressor = null;
        foreach (var batchFile in await LoggedPredictions.DownloadAsync(tracking, model, null, Path.Combine(scratch, "predictions"), cancellationToken).ConfigureAwait(false))
        {
            ids ??= new HashSet<string>(StringComparer.Ordinal);
            using var reader = await TableReader.OpenAsync(batchFile, TableFormats.FromPath(batchFile), cancellationToken: cancellationToken, columns: [.. LoggedRowIds.Columns, "prediction"]).ConfigureAwait(false);
            var names = reader.ColumnNames.ToList();
            var rowIds = LoggedRowIds.In(names);
            var prediction = names.IndexOf("prediction");
            while (await reader.ReadBatchAsync(cancellationToken).ConfigureAwait(false) is { } batch)
            {
                for (var r = 0; r < batch.RowCount; r++)
                {
                    if (rowIds.Of(batch, r) is { } text)
                    {
                        ids.Add(text);
                    }

                    if (regressor is null && prediction >= 0 && !batch.Columns[prediction].IsNull(r))
                    {
                        regressor = batch.Columns[prediction].Kinds[r] == CellKind.Number;
                    }
                }
            }
        }

        // No prediction logged yet: every label id is reported as matching none (they are kept, and count once logged).
        return (ids ?? new HashSet<string>(StringComparer.Ordinal), regressor);
    }

    /// <summary>Streams (id, label text, label as a number or NaN) from a table; a missing column names the columns there are.</summary>
    private static async IAsyncEnumerable<(string? Id, string? Label, double Number)> ReadAsync(string path, string display, string idColumn, string labelColumn, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ITableReader reader;
        try
        {
            reader = await TableReader.OpenAsync(path, cancellationToken: cancellationToken, columns: [idColumn, labelColumn]).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not AriadneException and not OperationCanceledException)
        {
            throw AriadneException.BadData(display, "format", $"it could not be read as a table ({e.Message}). Give a CSV, TSV, JSON or Parquet file with the columns '{idColumn}' and '{labelColumn}'.");
        }

        using (reader)
        {
            foreach (var wanted in new[] { idColumn, labelColumn })
            {
                if (!reader.ColumnNames.Contains(wanted))
                {
                    using var all = await TableReader.OpenAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
                    throw AriadneException.ColumnNotFound(display, wanted, all.ColumnNames);
                }
            }

            var names = reader.ColumnNames.ToList();
            int idIndex = names.IndexOf(idColumn), labelIndex = names.IndexOf(labelColumn);
            while (await reader.ReadBatchAsync(cancellationToken).ConfigureAwait(false) is { } batch)
            {
                var ids = batch.Columns[idIndex];
                var values = batch.Columns[labelIndex];
                for (var r = 0; r < batch.RowCount; r++)
                {
                    var label = values.IsNull(r) ? null : values.GetText(r);
                    var number = values.Kinds[r] == CellKind.Number ? values.Numbers[r]
                        : double.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : double.NaN;
                    yield return (ids.IsNull(r) ? null : ids.GetText(r), label, number);
                }
            }
        }
    }

    /// <summary>Writes the labels as Parquet (id string, label double or string, time int64), a row group per 100,000 rows.</summary>
    private static async Task WriteAsync(string path, IAsyncEnumerable<(string? Id, string? Label, double Number)> rows, bool numeric, long now, CancellationToken cancellationToken)
    {
        const int GroupRows = 100_000;
        var idField = new DataField<string>("id", true);
        var labelField = numeric ? (DataField)new DataField<double>("label") : new DataField<string>("label", true);
        var timeField = new DataField<long>("time");
        await using var stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(idField, labelField, timeField), stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        var ids = new List<string?>(GroupRows);
        var texts = new List<string?>(GroupRows);
        var numbers = new List<double>(GroupRows);
        async Task FlushAsync()
        {
            if (ids.Count == 0)
            {
                return;
            }

            using var group = writer.CreateRowGroup();
            await group.WriteAsync(idField, ids.ToArray(), null).ConfigureAwait(false);
            if (numeric)
            {
                await group.WriteAsync<double>(labelField, numbers.ToArray().AsMemory(), null, null, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await group.WriteAsync(labelField, texts.ToArray(), null).ConfigureAwait(false);
            }

            var times = new long[ids.Count];
            Array.Fill(times, now);
            await group.WriteAsync<long>(timeField, times.AsMemory(), null, null, cancellationToken).ConfigureAwait(false);
            group.CompleteValidate();
            ids.Clear();
            texts.Clear();
            numbers.Clear();
        }

        await foreach (var (id, label, number) in rows.ConfigureAwait(false))
        {
            if (id is null || label is null)
            {
                continue;
            }

            ids.Add(id);
            texts.Add(label);
            numbers.Add(number);
            if (ids.Count == GroupRows)
            {
                await FlushAsync().ConfigureAwait(false);
            }
        }

        await FlushAsync().ConfigureAwait(false);
    }
}
