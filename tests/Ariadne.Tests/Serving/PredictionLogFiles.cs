using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using Ariadne.Tracking;

namespace Ariadne.Tests.Serving;

/// <summary>
/// Reads back the prediction log of a serving run with Apache Arrow's own IPC reader: every batch under
/// <c>predictions/</c>, row by row, each row's id made from its request_id and row columns as docs/serving.md says.
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
            Assert.Matches(@"^predictions/v\d+/\d{13}-\d{6}\.arrow$", artifact.Path);
            var local = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".arrow");
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
            var local = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".arrow");
            await tracking.DownloadArtifactAsync(runId, artifact.Path, local);
            var these = await ColumnTypesOfFileAsync(local);
            types ??= these;
            Assert.Equal(types.OrderBy(t => t.Key, StringComparer.Ordinal), these.OrderBy(t => t.Key, StringComparer.Ordinal));
        }

        return types ?? throw new Xunit.Sdk.XunitException($"The serving run {runId} logged no prediction batch.");
    }

    public static async Task<List<Row>> ReadFileAsync(string path, string artifact)
    {
        await using var stream = File.OpenRead(path);
        using var reader = new ArrowFileReader(stream);
        var rows = new List<Row>();
        while (await reader.ReadNextRecordBatchAsync() is { } batch)
        {
            using (batch)
            {
                var n = batch.Length;
                var fields = batch.Schema.FieldsList;
                // The row id is not stored: it is the request id, or "{request id}/{row}" for a row of a multi-row request.
                Assert.DoesNotContain(fields, f => f.Name == "id");
                var requests = Strings(batch, "request_id");
                var places = (Int32Array)Column(batch, "row");
                var ids = requests.Select((request, i) => places.GetValue(i) is { } place ? $"{request}/{place}" : request).ToArray();
                var times = (Int64Array)Column(batch, "time");
                var versions = (Int32Array)Column(batch, "model_version");
                var predictions = Column(batch, "prediction") is StringArray or DictionaryArray
                    ? Strings(batch, "prediction")
                    : [.. Numbers(batch, "prediction").Select(v => v?.ToString(System.Globalization.CultureInfo.InvariantCulture))];
                var scores = Numbers(batch, "score");
                var inputs = new Dictionary<string, object?>[n];
                var classScores = new Dictionary<string, double?>[n];
                for (var i = 0; i < n; i++)
                {
                    inputs[i] = new Dictionary<string, object?>(StringComparer.Ordinal);
                    classScores[i] = new Dictionary<string, double?>(StringComparer.Ordinal);
                }

                foreach (var field in fields)
                {
                    if (field.Name.StartsWith("input.", StringComparison.Ordinal))
                    {
                        var name = field.Name["input.".Length..];
                        object?[] values = Column(batch, field.Name) switch
                        {
                            BooleanArray flags => [.. Enumerable.Range(0, n).Select(i => (object?)flags.GetValue(i))],
                            StringArray or DictionaryArray => Strings(batch, field.Name),
                            _ => [.. Numbers(batch, field.Name).Cast<object?>()],
                        };
                        for (var i = 0; i < n; i++)
                        {
                            inputs[i][name] = values[i];
                        }
                    }
                    else if (field.Name.StartsWith("score.", StringComparison.Ordinal))
                    {
                        var values = Numbers(batch, field.Name);
                        for (var i = 0; i < n; i++)
                        {
                            classScores[i][field.Name["score.".Length..]] = values[i];
                        }
                    }
                }

                for (var i = 0; i < n; i++)
                {
                    rows.Add(new Row(ids[i]!, requests[i]!, times.GetValue(i)!.Value, versions.GetValue(i)!.Value, predictions[i], scores[i], inputs[i], artifact) { ClassScores = classScores[i] });
                }
            }
        }

        return rows;
    }

    /// <summary>The CLR type of each column of an Arrow batch file: float, double, int, long, bool or string (dictionary-encoded texts too).</summary>
    public static async Task<Dictionary<string, Type>> ColumnTypesOfFileAsync(string path)
    {
        await using var stream = File.OpenRead(path);
        using var reader = new ArrowFileReader(stream);
        var schema = await reader.GetSchema();
        return schema.FieldsList.ToDictionary(f => f.Name, f => ClrType(f.DataType), StringComparer.Ordinal);
    }

    private static Type ClrType(IArrowType type) => type switch
    {
        FloatType => typeof(float),
        DoubleType => typeof(double),
        Int32Type => typeof(int),
        Int64Type => typeof(long),
        BooleanType => typeof(bool),
        StringType => typeof(string),
        DictionaryType dictionary => ClrType(dictionary.ValueType),
        _ => throw new Xunit.Sdk.XunitException($"The prediction log has a column of Arrow type {type.Name}, which it should not write."),
    };

    private static IArrowArray Column(RecordBatch batch, string name) =>
        batch.Schema.GetFieldIndex(name) is >= 0 and var i ? batch.Column(i)
            : throw new Xunit.Sdk.XunitException($"The prediction log has no column '{name}'; it has {string.Join(", ", batch.Schema.FieldsList.Select(f => f.Name))}.");

    /// <summary>A number column, whether the log wrote it as 32-bit floats (what the model gave) or doubles.</summary>
    private static double?[] Numbers(RecordBatch batch, string name) => Column(batch, name) switch
    {
        FloatArray singles => [.. Enumerable.Range(0, singles.Length).Select(i => (double?)singles.GetValue(i))],
        DoubleArray doubles => [.. Enumerable.Range(0, doubles.Length).Select(i => doubles.GetValue(i))],
        var other => throw new Xunit.Sdk.XunitException($"Column '{name}' is {other.Data.DataType.Name}, not a number."),
    };

    private static string?[] Strings(RecordBatch batch, string name) => Column(batch, name) switch
    {
        StringArray texts => [.. Enumerable.Range(0, texts.Length).Select(i => texts.IsNull(i) ? null : texts.GetString(i))],
        DictionaryArray { Dictionary: StringArray values, Indices: Int32Array indices } => [.. Enumerable.Range(0, indices.Length).Select(i => indices.GetValue(i) is { } k && !values.IsNull(k) ? values.GetString(k) : null)],
        var other => throw new Xunit.Sdk.XunitException($"Column '{name}' is {other.Data.DataType.Name}, not text."),
    };
}
