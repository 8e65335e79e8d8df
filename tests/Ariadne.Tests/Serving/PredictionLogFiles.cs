using Ariadne.Tracking;
using Parquet;
using Parquet.Schema;

namespace Ariadne.Tests.Serving;

/// <summary>
/// Reads back the prediction log of a serving run: every Parquet batch under <c>predictions/</c>, row by row, each
/// row's id made from its request_id and row columns as docs/serving.md says.
/// </summary>
internal static class PredictionLogFiles
{
    public sealed record Row(string Id, string RequestId, long Time, int Version, string? Prediction, double? Score, IReadOnlyDictionary<string, object?> Inputs, string Artifact)
    {
        /// <summary>The <c>score.{class}</c> columns of a classifier's row, by class.</summary>
        public IReadOnlyDictionary<string, double?> ClassScores { get; init; } = new Dictionary<string, double?>();
    }

    /// <summary>Every logged row of the run (content from the tracking client: the workspace cache or the server).</summary>
    public static async Task<List<Row>> ReadAsync(TrackingClient tracking, string runId, string folder)
    {
        var artifacts = await tracking.Store.ListArtifactsAsync(runId, default);
        var rows = new List<Row>();
        foreach (var artifact in artifacts.Where(a => a.Path.StartsWith("predictions/", StringComparison.Ordinal)))
        {
            Assert.Matches(@"^predictions/v\d+/\d{13}-\d{6}\.parquet$", artifact.Path);
            var local = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".parquet");
            await tracking.DownloadArtifactAsync(runId, artifact.Path, local);
            rows.AddRange(await ReadFileAsync(local, artifact.Path));
        }

        return rows;
    }

    /// <summary>The column types of each batch of the run (its first one's, checked to be the same in every batch).</summary>
    public static async Task<IReadOnlyDictionary<string, Type>> ColumnTypesAsync(TrackingClient tracking, string runId, string folder)
    {
        Dictionary<string, Type>? types = null;
        foreach (var artifact in (await tracking.Store.ListArtifactsAsync(runId, default)).Where(a => a.Path.StartsWith("predictions/", StringComparison.Ordinal)))
        {
            var local = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".parquet");
            await tracking.DownloadArtifactAsync(runId, artifact.Path, local);
            await using var reader = await ParquetReader.CreateAsync(local);
            var these = reader.Schema.GetDataFields().ToDictionary(f => f.Name, f => f.ClrType, StringComparer.Ordinal);
            types ??= these;
            Assert.Equal(types.OrderBy(t => t.Key, StringComparer.Ordinal), these.OrderBy(t => t.Key, StringComparer.Ordinal));
        }

        return types ?? throw new Xunit.Sdk.XunitException($"The serving run {runId} logged no prediction batch.");
    }

    public static async Task<List<Row>> ReadFileAsync(string path, string artifact)
    {
        await using var reader = await ParquetReader.CreateAsync(path);
        var fields = reader.Schema.GetDataFields();
        var rows = new List<Row>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var n = (int)group.RowCount;
            // The row id is not stored: it is the request id, or "{request id}/{row}" for a row of a multi-row request.
            Assert.DoesNotContain(fields, f => f.Name == "id");
            var requests = await Strings(group, Field(fields, "request_id"), n);
            var places = new int?[n];
            await group.ReadAsync<int>(Field(fields, "row"), places.AsMemory(), null);
            var ids = requests.Select((request, i) => places[i] is { } place ? $"{request}/{place}" : request).ToArray();
            var times = new long[n];
            await group.ReadAsync<long>(Field(fields, "time"), times.AsMemory(), null);
            var versions = new int[n];
            await group.ReadAsync<int>(Field(fields, "model_version"), versions.AsMemory(), null);
            var predictionField = Field(fields, "prediction");
            string?[] predictions;
            if (predictionField.ClrType == typeof(double) || predictionField.ClrType == typeof(float))
            {
                var values = await Numbers(group, predictionField, n);
                predictions = [.. values.Select(v => v?.ToString(System.Globalization.CultureInfo.InvariantCulture))];
            }
            else
            {
                predictions = await Strings(group, predictionField, n);
            }

            var scores = await Numbers(group, Field(fields, "score"), n);
            var inputs = new Dictionary<string, object?>[n];
            for (var i = 0; i < n; i++)
            {
                inputs[i] = new Dictionary<string, object?>(StringComparer.Ordinal);
            }

            foreach (var field in fields.Where(f => f.Name.StartsWith("input.", StringComparison.Ordinal)))
            {
                var name = field.Name["input.".Length..];
                if (field.ClrType == typeof(double) || field.ClrType == typeof(float))
                {
                    var values = await Numbers(group, field, n);
                    for (var i = 0; i < n; i++)
                    {
                        inputs[i][name] = values[i];
                    }
                }
                else if (field.ClrType == typeof(bool))
                {
                    var values = new bool?[n];
                    await group.ReadAsync<bool>(field, values.AsMemory(), null);
                    for (var i = 0; i < n; i++)
                    {
                        inputs[i][name] = values[i];
                    }
                }
                else
                {
                    var values = await Strings(group, field, n);
                    for (var i = 0; i < n; i++)
                    {
                        inputs[i][name] = values[i];
                    }
                }
            }

            var classScores = new Dictionary<string, double?>[n];
            for (var i = 0; i < n; i++)
            {
                classScores[i] = new Dictionary<string, double?>(StringComparer.Ordinal);
            }

            foreach (var field in fields.Where(f => f.Name.StartsWith("score.", StringComparison.Ordinal)))
            {
                var values = await Numbers(group, field, n);
                for (var i = 0; i < n; i++)
                {
                    classScores[i][field.Name["score.".Length..]] = values[i];
                }
            }

            for (var i = 0; i < n; i++)
            {
                rows.Add(new Row(ids[i]!, requests[i]!, times[i], versions[i], predictions[i], scores[i], inputs[i], artifact) { ClassScores = classScores[i] });
            }
        }

        return rows;
    }

    private static DataField Field(DataField[] fields, string name) =>
        fields.FirstOrDefault(f => f.Name == name) ?? throw new Xunit.Sdk.XunitException($"The prediction log has no column '{name}'; it has {string.Join(", ", fields.Select(f => f.Name))}.");

    /// <summary>A number column, whether the log wrote it as 32-bit floats (what the model gave) or doubles.</summary>
    private static async Task<double?[]> Numbers(ParquetRowGroupReader group, DataField field, int n)
    {
        if (field.ClrType == typeof(float))
        {
            var singles = new float?[n];
            await group.ReadAsync<float>(field, singles.AsMemory(), null);
            return [.. singles.Select(v => (double?)v)];
        }

        var values = new double?[n];
        await group.ReadAsync<double>(field, values.AsMemory(), null);
        return values;
    }

    private static async Task<string?[]> Strings(ParquetRowGroupReader group, DataField field, int n)
    {
        var values = new string?[n];
        await group.ReadAsync(field, values.AsMemory(), null);
        return values;
    }
}
