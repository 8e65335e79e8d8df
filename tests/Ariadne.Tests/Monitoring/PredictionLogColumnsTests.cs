using System.Globalization;
using Ariadne.Monitoring;
using Ariadne.Tests.Serving;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Monitoring;

/// <summary>
/// The prediction log's columns (the rows a logger holds between flushes) and the Arrow file written from them: every
/// value comes back as logged, missing stays missing, and columns reused after a flush hold nothing of the last one.
/// </summary>
public sealed class PredictionLogColumnsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ariadne-log-columns-" + Guid.NewGuid().ToString("N"));

    public PredictionLogColumnsTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Rows_come_back_with_their_values_and_missing_values_stay_missing()
    {
        var columns = new PredictionLogColumns();
        columns.Reset(4);
        columns.Append(Row("a", 1000, new() { ["rooms"] = 3, ["city"] = "Oslo" }, "yes", 0.9, 4));
        columns.Append(Row("b", 1001, new() { ["rooms"] = null, ["city"] = null }, "no", 0.6, 4));
        // A feature first seen in the third row, and one the third row lacks.
        columns.Append(Row("c", 1002, new() { ["garden"] = true, ["city"] = "" }, "yes", null, 4));

        var rows = await WriteAndReadAsync(columns);

        Assert.Equal(["a", "b", "c"], rows.Select(r => r.Id));
        Assert.Equal(["a", "b", "c"], rows.Select(r => r.RequestId));
        Assert.Equal([1000L, 1001, 1002], rows.Select(r => r.Time));
        Assert.All(rows, r => Assert.Equal(4, r.Version));
        Assert.Equal(3.0, rows[0].Inputs["rooms"]);
        Assert.Null(rows[1].Inputs["rooms"]);
        Assert.Null(rows[2].Inputs["rooms"]);
        Assert.Equal("Oslo", rows[0].Inputs["city"]);
        Assert.Null(rows[1].Inputs["city"]);
        Assert.Equal("", rows[2].Inputs["city"]);
        Assert.Null(rows[0].Inputs["garden"]);
        Assert.Equal(true, rows[2].Inputs["garden"]);
        Assert.Equal(["yes", "no", "yes"], rows.Select(r => r.Prediction));
        Assert.Equal([0.9, 0.6, null], rows.Select(r => r.Score));
    }

    [Fact]
    public async Task Columns_reused_after_a_flush_hold_nothing_of_the_rows_before()
    {
        var columns = new PredictionLogColumns();
        columns.Reset(1);
        for (var i = 0; i < 50; i++)
        {
            columns.Append(Row($"old{i}", 1, new() { ["rooms"] = i, ["city"] = "Bergen", ["garden"] = false }, "old", 0.5));
        }

        await WriteAndReadAsync(columns);

        // The next flush of another version: other features, fewer rows, values missing where the last flush had some.
        columns.Reset(2);
        columns.Append(Row("new0", 2, new() { ["rooms"] = null }, "new", null, 2));
        columns.Append(Row("new1", 3, new() { ["floors"] = 2 }, "new", 0.7, 2));

        var rows = await WriteAndReadAsync(columns);

        Assert.Equal(["new0", "new1"], rows.Select(r => r.Id));
        Assert.All(rows, r => Assert.Equal(2, r.Version));
        Assert.Equal(["floors", "rooms"], rows[0].Inputs.Keys.Order(StringComparer.Ordinal));
        Assert.Null(rows[0].Inputs["rooms"]);
        Assert.Null(rows[1].Inputs["rooms"]);
        Assert.Null(rows[0].Inputs["floors"]);
        Assert.Equal(2.0, rows[1].Inputs["floors"]);
        Assert.Equal([null, 0.7], rows.Select(r => r.Score));
    }

    [Fact]
    public async Task Rows_of_a_request_get_request_id_slash_index_and_regressor_values_stay_numbers()
    {
        var columns = new PredictionLogColumns();
        columns.Reset(7);
        columns.Append(new Rows("req-1", 5000, [10.5, 11.5, 12.5]));
        columns.Append(new Rows("req-2", 5001, [13.5]));

        var rows = await WriteAndReadAsync(columns);

        Assert.Equal(["req-1/0", "req-1/1", "req-1/2", "req-2"], rows.Select(r => r.Id));
        Assert.Equal(["req-1", "req-1", "req-1", "req-2"], rows.Select(r => r.RequestId));
        Assert.Equal(["10.5", "11.5", "12.5", "13.5"], rows.Select(r => r.Prediction));
        Assert.Equal([0.0, 1.0, 2.0, 0.0], rows.Select(r => r.Inputs["x"]));
    }

    [Fact]
    public async Task Class_scores_given_to_the_sdk_come_back_as_score_columns_and_rows_without_them_stay_empty()
    {
        var columns = new PredictionLogColumns();
        columns.Reset(1);
        columns.Append(new PredictionLogRow("a", 1, 1, new Dictionary<string, object?> { ["x"] = 1.0 }, "cat", 0.7, new Dictionary<string, double> { ["cat"] = 0.7, ["dog"] = 0.3 }));
        columns.Append(new PredictionLogRow("b", 2, 1, new Dictionary<string, object?> { ["x"] = 2.0 }, "dog", 0.6));
        columns.Append(new PredictionLogRow("c", 3, 1, new Dictionary<string, object?> { ["x"] = 3.0 }, "dog", 0.9, new Dictionary<string, double> { ["dog"] = 0.9, ["cat"] = 0.1 }));

        var rows = await WriteAndReadAsync(columns);

        Assert.Equal([0.7, null, 0.1], rows.Select(r => r.ClassScores["cat"]));
        Assert.Equal([0.3, null, 0.9], rows.Select(r => r.ClassScores["dog"]));
    }

    [Fact]
    public async Task Class_scores_a_served_request_copies_a_class_at_a_time_come_back_per_row_beside_rows_with_other_classes()
    {
        var columns = new PredictionLogColumns();
        columns.Reset(1);
        columns.Append(new PredictionLogRow("sdk", 1, 1, new Dictionary<string, object?> { ["x"] = 1.0 }, "bird", 0.8, new Dictionary<string, double> { ["bird"] = 0.8, ["cat"] = 0.2 }));
        // A served request: every row has the model's classes in the same order, copied a column per class.
        columns.Append(new ClassifiedRows("req", 2, [[0.6, 0.4], [0.1, 0.9], [0.5, 0.5]]));
        columns.Append(new PredictionLogRow("bare", 3, 1, new Dictionary<string, object?> { ["x"] = 2.0 }, "dog", 0.7));

        var rows = await WriteAndReadAsync(columns);

        Assert.Equal(["sdk", "req/0", "req/1", "req/2", "bare"], rows.Select(r => r.Id));
        Assert.Equal([0.2, 0.6, 0.1, 0.5, null], rows.Select(r => r.ClassScores["cat"]));
        Assert.Equal([null, 0.4, 0.9, 0.5, null], rows.Select(r => r.ClassScores["dog"]));
        Assert.Equal([0.8, null, null, null, null], rows.Select(r => r.ClassScores["bird"]));
        Assert.Equal(["bird", "cat", "dog", "cat", "dog"], rows.Select(r => r.Prediction));
        Assert.Equal([null, "a", "b", "c", null], rows.Select(r => (string?)r.Inputs["note"]));
    }

    [Fact]
    public async Task Single_precision_values_are_written_as_32_bit_floats_and_come_back_exactly()
    {
        // A served model's inputs, scores and values are floats: logged as FLOAT columns, the values the model gave.
        var columns = new PredictionLogColumns();
        columns.Reset(1);
        columns.Append(new FloatRows("r", 5, [39.1f, 3750.5f, float.NaN], singleScores: true));

        var (rows, types) = await WriteAndReadWithTypesAsync(columns);

        Assert.Equal(typeof(float), types["input.x"]);
        Assert.Equal(typeof(float), types["prediction"]);
        Assert.Equal(typeof(float), types["score"]);
        Assert.Equal([(double)39.1f, (double)3750.5f, double.NaN], rows.Select(r => (double)r.Inputs["x"]!));
        Assert.Equal([(double)39.1f, (double)3750.5f, double.NaN], rows.Select(r => double.Parse(r.Prediction!, CultureInfo.InvariantCulture)));
        Assert.Equal([(double)0.25f, (double)0.25f, (double)0.25f], rows.Select(r => r.Score!.Value));
    }

    [Fact]
    public async Task Doubles_stay_doubles_and_a_float_column_that_meets_a_double_is_written_as_doubles()
    {
        var columns = new PredictionLogColumns();
        columns.Reset(1);
        columns.Append(new FloatRows("r", 5, [1.5f, 2.25f], singleScores: true));
        columns.Append(new PredictionLogRow("sdk", 6, 1, new Dictionary<string, object?> { ["x"] = 0.1 }, 0.1, null));

        var (rows, types) = await WriteAndReadWithTypesAsync(columns);

        // The SDK's doubles are not narrowed: the floats before them widen exactly.
        Assert.Equal(typeof(double), types["input.x"]);
        Assert.Equal(typeof(double), types["prediction"]);
        Assert.Equal(typeof(double), types["score"]);
        Assert.Equal([1.5, 2.25, 0.1], rows.Select(r => (double)r.Inputs["x"]!));
        Assert.Equal(["1.5", "2.25", "0.1"], rows.Select(r => r.Prediction));
    }

    [Fact]
    public async Task Class_scores_held_as_floats_widen_exactly_when_a_later_request_gives_doubles()
    {
        // A served request's scores are floats and are held as floats; the SDK's doubles after them make the flush's
        // score columns doubles, and the floats held before come back as the same numbers.
        var columns = new PredictionLogColumns();
        columns.Reset(1);
        columns.Append(new ClassifiedRows("req", 1, [[0.6, 0.4], [0.1, 0.9]], singlePrecision: true));
        columns.Append(new PredictionLogRow("sdk", 2, 1, new Dictionary<string, object?>(), "dog", 0.7, new Dictionary<string, double> { ["cat"] = 0.3, ["dog"] = 0.7 }));
        columns.Append(new ClassifiedRows("late", 3, [[0.2, 0.8]], singlePrecision: true));

        var (rows, types) = await WriteAndReadWithTypesAsync(columns);

        Assert.Equal(typeof(double), types["score.cat"]);
        Assert.Equal(typeof(double), types["score"]);
        Assert.Equal([(double)0.6f, (double)0.1f, 0.3, (double)0.2f], rows.Select(r => r.ClassScores["cat"]));
        Assert.Equal([(double)0.6f, (double)0.9f, 0.7, (double)0.8f], rows.Select(r => r.Score));
    }

    [Fact]
    public async Task Columns_of_floats_stay_floats_from_flush_to_flush_after_a_flush_that_held_doubles()
    {
        var columns = new PredictionLogColumns();
        columns.Reset(1);
        columns.Append(new ClassifiedRows("req", 1, [[0.6, 0.4]], singlePrecision: false));
        await WriteAndReadAsync(columns);
        columns.Reset(1);
        columns.Append(new ClassifiedRows("next", 2, [[0.25, 0.75]], singlePrecision: true));

        var (rows, types) = await WriteAndReadWithTypesAsync(columns);

        Assert.Equal(typeof(float), types["score.dog"]);
        Assert.Equal(typeof(float), types["score"]);
        Assert.Equal([0.75], rows.Select(r => r.ClassScores["dog"]));
    }

    [Fact]
    public async Task Repeated_categories_are_held_once_and_every_text_comes_back_as_given()
    {
        // Categories and labels repeat: held once each. Free text never repeats: every value still comes back,
        // past the point where the column stops looking for repeats.
        var columns = new PredictionLogColumns();
        columns.Reset(1);
        string[] islands = ["Biscoe", "Dream", "Torgersen"];
        for (var i = 0; i < 300; i++)
        {
            columns.Append(Row($"r{i}", i, new Dictionary<string, object?> { ["island"] = islands[i % 3], ["note"] = $"note {i}" }, islands[(i + 1) % 3], 0.5));
        }

        var rows = await WriteAndReadAsync(columns);

        Assert.Equal(Enumerable.Range(0, 300).Select(i => islands[i % 3]), rows.Select(r => (string?)r.Inputs["island"]));
        Assert.Equal(Enumerable.Range(0, 300).Select(i => $"note {i}"), rows.Select(r => (string?)r.Inputs["note"]));
        Assert.Equal(Enumerable.Range(0, 300).Select(i => islands[(i + 1) % 3]), rows.Select(r => r.Prediction));
        var idChars = Enumerable.Range(0, 300).Sum(i => $"r{i}".Length);
        var noteChars = Enumerable.Range(0, 300).Sum(i => $"note {i}".Length);
        Assert.Equal(idChars + noteChars + islands.Sum(s => s.Length) * 2, columns.TextLength);
    }

    [Fact]
    public async Task Repeated_texts_are_written_as_arrow_dictionaries_free_text_plainly_and_nulls_stay_null_for_another_reader()
    {
        var columns = new PredictionLogColumns();
        columns.Reset(1);
        string[] islands = ["Biscoe", "Dream", "Torgersen"];
        for (var i = 0; i < 400; i++)
        {
            columns.Append(Row($"r{i}", i, new Dictionary<string, object?> { ["island"] = i % 10 == 9 ? null : islands[i % 3], ["note"] = $"note {i}" }, islands[(i + 1) % 3], 0.5));
        }

        using var file = new PredictionLogFile();
        var path = Path.Combine(_folder, "texts.arrow");
        await File.WriteAllBytesAsync(path, (await file.WriteAsync(columns, default)).ToArray());

        // Read by the npm package apache-arrow, which decodes dictionaries itself.
        var read = await Ariadne.Tests.Serving.ArrowJsReader.ReadAsync(path);
        var schema = read.GetProperty("schema").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("type").GetString()!);
        Assert.Equal("Dictionary<Int32, Utf8>", schema["input.island"]);
        Assert.Equal("Dictionary<Int32, Utf8>", schema["prediction"]);
        Assert.Equal("Utf8", schema["input.note"]);
        var rows = read.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(0, 400).Select(i => i % 10 == 9 ? null : islands[i % 3]), rows.Select(r => r.GetProperty("input.island").GetString()));
        Assert.Equal(Enumerable.Range(0, 400).Select(i => islands[(i + 1) % 3]), rows.Select(r => r.GetProperty("prediction").GetString()));
        Assert.Equal(Enumerable.Range(0, 400).Select(i => $"note {i}"), rows.Select(r => r.GetProperty("input.note").GetString()));
    }

    [Fact]
    public async Task Long_texts_start_a_flush_early_instead_of_piling_up_until_the_interval()
    {
        using var ws = new TestWorkspace(git: false);
        await using var tracking = TrackingClient.Open(folder: ws.Root);
        await using var log = await PredictionLogger.StartAsync(tracking, "notes", 1, new PredictionLoggerOptions { FlushInterval = TimeSpan.FromHours(1) });
        for (var i = 0; i < 8; i++)
        {
            log.Log($"n{i}", new Dictionary<string, object?> { ["note"] = new string((char)('a' + i), 1 << 20) }, "ok");
        }

        // Eight rows of a million characters (and their ids) pass the early-flush mark of 8 Mi characters with the last one; the hour-long interval is not waited for.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (log.FilesWritten == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(1, log.FilesWritten);
        Assert.Equal(8, log.RowsLogged);
    }

    private static PredictionLogRow Row(string id, long time, Dictionary<string, object?> inputs, string label, double? score, int version = 1) =>
        new(id, time, version, inputs, label, score);

    private async Task<List<PredictionLogFiles.Row>> WriteAndReadAsync(PredictionLogColumns columns)
    {
        using var file = new PredictionLogFile();
        var bytes = await file.WriteAsync(columns, default);
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".arrow");
        await File.WriteAllBytesAsync(path, bytes.ToArray());
        return await PredictionLogFiles.ReadFileAsync(path, "predictions/v1/0000000000000-000001.arrow");
    }

    private async Task<(List<PredictionLogFiles.Row> Rows, Dictionary<string, Type> Types)> WriteAndReadWithTypesAsync(PredictionLogColumns columns)
    {
        using var file = new PredictionLogFile();
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".arrow");
        await File.WriteAllBytesAsync(path, (await file.WriteAsync(columns, default)).ToArray());
        var types = await PredictionLogFiles.ColumnTypesOfFileAsync(path);
        return (await PredictionLogFiles.ReadFileAsync(path, "predictions/v1/0000000000000-000001.arrow"), types);
    }

    /// <summary>A regressor's request as the server hands it over: one float feature <c>x</c>, the prediction x, score 0.25, all single precision.</summary>
    private sealed class FloatRows(string requestId, long time, float[] values, bool singleScores) : PredictionLogBatch(requestId, time, 1, values.Length)
    {
        public override int FeatureCount => 1;

        public override bool IsRegressor => true;

        public override bool SinglePrecisionOutputs => singleScores;

        public override string FeatureName(int feature) => "x";

        public override Type? FeatureType(int feature) => typeof(float);

        public override double? Number(int feature, int row) => values[row];

        public override ReadOnlyMemory<char>? Text(int feature, int row) => null;

        public override bool? Boolean(int feature, int row) => null;

        public override string? Label(int row) => null;

        public override double Value(int row) => values[row];

        public override double? Score(int row) => 0.25f;
    }

    /// <summary>
    /// A classifier's request as the server hands it over: classes <c>cat</c> and <c>dog</c> in every row
    /// (<see cref="PredictionLogBatch.SharedClasses"/>), a text feature <c>note</c> (a, b, c, ...) and no <c>x</c>.
    /// </summary>
    private sealed class ClassifiedRows(string requestId, long time, double[][] scores, bool singlePrecision = false) : PredictionLogBatch(requestId, time, 1, scores.Length)
    {
        private static readonly string[] Classes = ["cat", "dog"];

        /// <summary>As a served model gives them: its scores as floats (the doubles given are rounded to floats).</summary>
        public override bool SinglePrecisionOutputs => singlePrecision;

        public override int FeatureCount => 1;

        public override bool IsRegressor => false;

        public override string FeatureName(int feature) => "note";

        public override Type? FeatureType(int feature) => typeof(string);

        public override double? Number(int feature, int row) => null;

        public override ReadOnlyMemory<char>? Text(int feature, int row) => ((char)('a' + row)).ToString().AsMemory();

        public override bool? Boolean(int feature, int row) => null;

        public override string? Label(int row) => scores[row][0] >= scores[row][1] ? "cat" : "dog";

        public override double Value(int row) => double.NaN;

        public override double? Score(int row) => Given(scores[row].Max());

        public override IReadOnlyList<KeyValuePair<string, double>>? ClassScores(int row) => [.. Classes.Select((c, k) => new KeyValuePair<string, double>(c, Given(scores[row][k])))];

        private double Given(double score) => singlePrecision ? (float)score : score;

        public override IReadOnlyList<KeyValuePair<string, double>>? SharedClasses => ClassScores(0);
    }

    /// <summary>A request of several rows from a regressor with one numeric feature <c>x</c> (the row's index).</summary>
    private sealed class Rows(string requestId, long time, double[] values) : PredictionLogBatch(requestId, time, 7, values.Length)
    {
        public override int FeatureCount => 1;

        public override bool IsRegressor => true;

        public override string FeatureName(int feature) => "x";

        public override Type? FeatureType(int feature) => typeof(double);

        public override double? Number(int feature, int row) => row;

        public override ReadOnlyMemory<char>? Text(int feature, int row) => null;

        public override bool? Boolean(int feature, int row) => null;

        public override string? Label(int row) => null;

        public override double Value(int row) => values[row];

        public override double? Score(int row) => null;
    }
}
