using System.Globalization;
using System.Text;
using Ariadne.Content;
using Ariadne.Data.Profiling;
using Ariadne.Data.Reading;
using Ariadne.Registry;
using Ariadne.Tracking;
using TableFormat = Ariadne.Data.Reading.TableFormat;
using Ariadne.Workspace;

namespace Ariadne.Monitoring;

/// <summary>
/// What a model version's predictions are compared with: its training data (a sample of at most
/// <see cref="SampleRows"/> rows kept with the version when it is registered, or on the first <c>monitor run</c>), or a
/// data file the user names. The exact drift tests need raw values, so the reference is values, not a profile's summary.
/// </summary>
internal sealed class MonitorReference
{
    /// <summary>The most training rows kept as the reference: every row up to this, a systematic sample (every k-th row) beyond.</summary>
    public const int SampleRows = 100_000;

    private MonitorReference(string source, long rows, IReadOnlyDictionary<string, ColumnDistribution> columns)
    {
        Source = source;
        Rows = rows;
        Columns = columns;
    }

    /// <summary>Where it came from: <c>file:PATH (blake3 HASH)</c> or <c>runs:/RUN/monitor/reference.csv</c> (training data HASH).</summary>
    public string Source { get; }

    public long Rows { get; }

    public IReadOnlyDictionary<string, ColumnDistribution> Columns { get; }

    /// <summary>The reference for <paramref name="version"/>: <paramref name="file"/> when given, else the version's kept training sample (captured now when it has none).</summary>
    public static async Task<MonitorReference> LoadAsync(TrackingClient tracking, ModelVersion version, string? file, string scratch, CancellationToken cancellationToken)
    {
        if (file is not null)
        {
            var full = Path.GetFullPath(file);
            if (!File.Exists(full))
            {
                throw AriadneException.PathNotFound(file);
            }

            return await ReadAsync(full, $"file:{file} (blake3 {ContentHasher.HashFile(full).Hex})", cancellationToken).ConfigureAwait(false);
        }

        var tag = version.Tags.GetValueOrDefault(MonitoringNames.ReferenceTag);
        if (tag is null)
        {
            tag = await CaptureAsync(tracking, version, cancellationToken).ConfigureAwait(false);
        }

        var (runId, path) = ParseRunsUri(tag);
        var local = Path.Combine(scratch, "reference.csv");
        await tracking.DownloadArtifactAsync(runId, path, local, cancellationToken).ConfigureAwait(false);
        var data = version.Tags.GetValueOrDefault(MonitoringNames.ReferenceDataTag);
        return await ReadAsync(local, data is null ? tag : $"{tag} (training data blake3 {data})", cancellationToken).ConfigureAwait(false);
    }

    private static async Task<MonitorReference> ReadAsync(string path, string source, CancellationToken cancellationToken)
    {
        var (values, rows) = await ColumnValues.ReadAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (rows == 0)
        {
            throw AriadneException.BadData(path, "rows", "the reference has no data rows. Name a reference with rows (--reference FILE).");
        }

        var columns = new Dictionary<string, ColumnDistribution>(StringComparer.Ordinal);
        foreach (var v in values)
        {
            columns[v.Name] = ColumnDistribution.From(v);
        }

        return new MonitorReference(source, rows, columns);
    }

    internal static (string RunId, string Path) ParseRunsUri(string uri)
    {
        const string prefix = "runs:/";
        var rest = uri.StartsWith(prefix, StringComparison.Ordinal) ? uri[prefix.Length..] : "";
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && slash < rest.Length - 1
            ? (rest[..slash], rest[(slash + 1)..])
            : throw AriadneException.InvalidArgument($"The model version's tag {MonitoringNames.ReferenceTag} = '{uri}' is not runs:/RUN_ID/PATH. Remove the tag ('ariadne models tag') so the next 'monitor run' keeps the training data again, or pass --reference FILE.");
    }

    /// <summary>
    /// Keeps a sample of the version's training data as its reference: finds the training input of its source run (the
    /// input with role <c>train</c>, else its only input), stores at most <see cref="SampleRows"/> rows as the artifact
    /// <c>monitor/reference.csv</c> of a run in <c>ariadne-monitoring</c> (kind <c>reference</c>), and tags the version
    /// with it. Returns the tag's value.
    /// </summary>
    public static async Task<string> CaptureAsync(TrackingClient tracking, ModelVersion version, CancellationToken cancellationToken)
    {
        var store = tracking.Store;
        var runId = version.RunId ?? throw NoTrainingData(version, "it was registered from a workspace path, not from a run");
        var run = await store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        var inputs = run.Inputs;
        var input = inputs.FirstOrDefault(i => i.Role.Equals("train", StringComparison.OrdinalIgnoreCase))
            ?? inputs.FirstOrDefault(i => i.Role.StartsWith("train", StringComparison.OrdinalIgnoreCase))
            ?? (inputs.Count == 1 ? inputs[0] : null)
            ?? throw NoTrainingData(version, inputs.Count == 0
                ? $"its run {runId} recorded no inputs (record them with run.LogInputAsync(path, \"train\") or 'ariadne run --input')"
                : $"its run {runId} recorded {inputs.Count} inputs and none has the role 'train'");
        var workspace = tracking.Workspace ?? throw NoTrainingData(version, "this command runs outside a workspace, whose cache holds the data");
        var file = Locate(workspace, input) ?? throw NoTrainingData(version, $"the training input {input.PointerPath ?? input.DatasetHash} (blake3 {input.DatasetHash}) is not a file in this workspace's cache (fetch it with 'ariadne pull')");
        var format = FormatOf(file, input.PointerPath);

        var scratch = Directory.CreateTempSubdirectory("ariadne-reference-").FullName;
        try
        {
            var sample = Path.Combine(scratch, "reference.csv");
            await WriteSampleAsync(file, format, sample, cancellationToken).ConfigureAwait(false);
            var tags = new Dictionary<string, string>
            {
                [MonitoringNames.KindTag] = "reference",
                [MonitoringNames.ModelTag] = version.Name,
                [MonitoringNames.VersionTag] = version.Version.ToString(CultureInfo.InvariantCulture),
                [MonitoringNames.ReferenceDataTag] = input.DatasetHash,
            };
            await using var active = await tracking.StartNewRunAsync(MonitoringNames.MonitoringExperiment, $"reference {version.Name} v{version.Version}", null, tags, captureEnvironment: false, cancellationToken).ConfigureAwait(false);
            await active.LogArtifactAsync(sample, MonitoringNames.ReferenceArtifact, cancellationToken).ConfigureAwait(false);
            await active.EndAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            var uri = $"runs:/{active.RunId}/{MonitoringNames.ReferenceArtifact}";
            await store.SetModelVersionTagAsync(version.Name, version.Version, MonitoringNames.ReferenceTag, uri, cancellationToken).ConfigureAwait(false);
            await store.SetModelVersionTagAsync(version.Name, version.Version, MonitoringNames.ReferenceDataTag, input.DatasetHash, cancellationToken).ConfigureAwait(false);
            return uri;
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

    /// <summary>Captures the reference when registering, where the source run recorded its training data; otherwise leaves it to the first <c>monitor run</c>.</summary>
    public static async Task TryCaptureAsync(TrackingClient tracking, ModelVersion version, CancellationToken cancellationToken)
    {
        try
        {
            await CaptureAsync(tracking, version, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AriadneException or IOException or InvalidDataException or UnauthorizedAccessException)
        {
            // No training input recorded, or not in the cache: 'monitor run' says so, or takes --reference FILE.
        }
    }

    private static string? Locate(DataWorkspace workspace, RunInput input)
    {
        if (input.PointerPath is { } pointer)
        {
            var data = Path.Combine(workspace.Root, pointer.EndsWith(PointerFile.Extension, StringComparison.Ordinal) ? pointer[..^PointerFile.Extension.Length] : pointer);
            if (File.Exists(data) && ContentHasher.HashFile(data).Hex == input.DatasetHash)
            {
                return data;
            }
        }

        if (ContentHash.TryParse(input.DatasetHash, out var hash) && workspace.Cache.Contains(hash) && File.Exists(workspace.Cache.PathOf(hash)))
        {
            return workspace.Cache.PathOf(hash);
        }

        return null;
    }

    private static TableFormat FormatOf(string file, string? pointerPath)
    {
        var named = pointerPath is null ? file : pointerPath.EndsWith(PointerFile.Extension, StringComparison.Ordinal) ? pointerPath[..^PointerFile.Extension.Length] : pointerPath;
        var ext = Path.GetExtension(named).ToLowerInvariant();
        if (ext is ".csv" or ".tsv" or ".json" or ".jsonl" or ".ndjson" or ".parquet")
        {
            return TableFormats.FromPath(named);
        }

        using var stream = File.OpenRead(file);
        Span<byte> magic = stackalloc byte[4];
        return stream.Read(magic) == 4 && magic.SequenceEqual("PAR1"u8) ? TableFormat.Parquet : TableFormat.Csv;
    }

    /// <summary>Copies every row (at most <see cref="SampleRows"/>) or every k-th row of a table into a CSV file.</summary>
    private static async Task WriteSampleAsync(string source, TableFormat format, string target, CancellationToken cancellationToken)
    {
        long rows = 0;
        await TableReader.ForEachBatchAsync(source, b => rows += b.RowCount, format, cancellationToken).ConfigureAwait(false);
        var step = Math.Max(1, (rows + SampleRows - 1) / SampleRows);
        await using var writer = new StreamWriter(target, false, new UTF8Encoding(false));
        using var reader = await TableReader.OpenAsync(source, format, cancellationToken: cancellationToken).ConfigureAwait(false);
        await writer.WriteLineAsync(string.Join(',', reader.ColumnNames.Select(Quote))).ConfigureAwait(false);
        long row = 0;
        var line = new StringBuilder();
        while (await reader.ReadBatchAsync(cancellationToken).ConfigureAwait(false) is { } batch)
        {
            for (var r = 0; r < batch.RowCount; r++, row++)
            {
                if (row % step != 0)
                {
                    continue;
                }

                line.Clear();
                for (var c = 0; c < batch.Columns.Count; c++)
                {
                    if (c > 0)
                    {
                        line.Append(',');
                    }

                    line.Append(Quote(batch.Columns[c].GetText(r) ?? ""));
                }

                await writer.WriteLineAsync(line, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static string Quote(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;

    private static AriadneException NoTrainingData(ModelVersion version, string why) =>
        AriadneException.InvalidArgument($"{version.Uri} has no reference to compare predictions with: {why}. Name one with --reference FILE (e.g. the training data file), or add 'reference: FILE' to the monitor: section of ariadne.yaml.");
}
