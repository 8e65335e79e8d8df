using System.Globalization;
using System.Text;
using Ariadne.Monitoring;
using Ariadne.Tracking;
using Ariadne.Workspace;

// Usage: Ariadne.Bench.Monitor FOLDER [ROWS]. Writes FOLDER (an Ariadne workspace) with model "bench" v1 (@champion),
// reference.csv (100,000 training rows), current.csv (the logged rows, for pandas) and the prediction log in the store.
var folder = Path.GetFullPath(args[0]);
var rows = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
const int ReferenceRows = 100_000;
const int BatchRows = 10_000;
string[] numeric = ["f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7"];
string[] c0 = ["red", "green", "blue", "cyan", "magenta"];
string[] c1 = ["small", "medium", "large"];
Directory.CreateDirectory(folder);
DataWorkspace.Init(folder);
var random = new Random(18);

double Normal(double mean, double sd) => mean + sd * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

// Reference: f_i ~ N(i, 1 + i/10); current: f0..f2 shifted by half a standard deviation, c0 skewed towards "red".
await using (var reference = new StreamWriter(Path.Combine(folder, "reference.csv"), false, new UTF8Encoding(false)))
{
    await reference.WriteLineAsync(string.Join(',', numeric) + ",c0,c1");
    for (var r = 0; r < ReferenceRows; r++)
    {
        var line = new StringBuilder();
        for (var i = 0; i < numeric.Length; i++)
        {
            line.Append(Normal(i, 1 + i / 10.0).ToString("R", CultureInfo.InvariantCulture)).Append(',');
        }

        line.Append(c0[random.Next(c0.Length)]).Append(',').Append(c1[random.Next(c1.Length)]);
        await reference.WriteLineAsync(line.ToString());
    }
}

await using var tracking = TrackingClient.Open(folder: folder);
tracking.SystemMetricsInterval = null;
File.WriteAllText(Path.Combine(folder, "model.zip"), "weights");
await using (var train = await tracking.StartRunAsync("bench", "train"))
{
    await Ariadne.Registry.ModelRegistryExtensions.RegisterModelAsync(train, "bench", Path.Combine(folder, "model.zip"), alias: "champion");
}

var day = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
await using var serving = await tracking.StartRunAsync(MonitoringNames.ServingExperiment, "serve bench@champion", tags: new Dictionary<string, string>
{
    ["ariadne.serving.model"] = "bench",
    ["ariadne.serving.alias"] = "champion",
    ["ariadne.serving.instance"] = "pid 1",
});
await using var csv = new StreamWriter(Path.Combine(folder, "current.csv"), false, new UTF8Encoding(false));
await csv.WriteLineAsync("id,time," + string.Join(',', numeric.Select(n => "input." + n)) + ",input.c0,input.c1,prediction,score");
using var file = new PredictionLogFile();
for (var start = 0; start < rows; start += BatchRows)
{
    var n = Math.Min(BatchRows, rows - start);
    var ids = new string?[n];
    var times = new long[n];
    var features = numeric.Select(_ => new double?[n]).ToArray();
    var cat0 = new string?[n];
    var cat1 = new string?[n];
    var predictions = new string?[n];
    var scores = new double?[n];
    var line = new StringBuilder();
    for (var r = 0; r < n; r++)
    {
        var row = start + r;
        ids[r] = $"req-{row}";
        times[r] = day + (long)row * 86_000 / rows * 1000;
        for (var i = 0; i < numeric.Length; i++)
        {
            features[i][r] = Normal(i + (i < 3 ? 0.5 * (1 + i / 10.0) : 0), 1 + i / 10.0);
        }

        cat0[r] = random.NextDouble() < 0.4 ? "red" : c0[random.Next(c0.Length)];
        cat1[r] = c1[random.Next(c1.Length)];
        predictions[r] = features[0][r] > 0.5 ? "yes" : "no";
        scores[r] = 0.5 + random.NextDouble() / 2;
        line.Clear();
        line.Append(ids[r]).Append(',').Append(times[r].ToString(CultureInfo.InvariantCulture));
        for (var i = 0; i < numeric.Length; i++)
        {
            line.Append(',').Append(features[i][r]!.Value.ToString("R", CultureInfo.InvariantCulture));
        }

        line.Append(',').Append(cat0[r]).Append(',').Append(cat1[r]).Append(',').Append(predictions[r]).Append(',').Append(scores[r]!.Value.ToString("R", CultureInfo.InvariantCulture));
        await csv.WriteLineAsync(line.ToString());
    }

    // The batch as serving writes it: each row a one-row request copied into the log's columns, the columns written
    // by the prediction log's own writer (an Arrow IPC file), stored as the serving run's artifact.
    var held = new PredictionLogColumns();
    held.Reset(1);
    var names = numeric.Select(name => name).Concat(["c0", "c1"]).ToArray();
    for (var r = 0; r < n; r++)
    {
        held.Append(new BenchRow(ids[r]!, times[r], names, [.. features.Select(f => f[r])], cat0[r]!, cat1[r]!, predictions[r]!, scores[r]));
    }

    var bytes = await file.WriteAsync(held, default);
    await serving.LogBytesAsync(bytes, PredictionLogFile.ArtifactPath(1, times[0], start / BatchRows + 1), default);
}

await serving.EndAsync();
Console.WriteLine($"{rows} predictions in {(rows + BatchRows - 1) / BatchRows} batches; reference {ReferenceRows} rows");

/// <summary>One logged row as a one-row request: eight number features, two categories, a label and its score.</summary>
internal sealed class BenchRow(string id, long time, string[] names, double?[] numbers, string c0, string c1, string prediction, double? score)
    : PredictionLogBatch(id, time, 1, 1)
{
    public override int FeatureCount => names.Length;

    public override bool IsRegressor => false;

    public override string FeatureName(int feature) => names[feature];

    public override Type? FeatureType(int feature) => feature < numbers.Length ? typeof(double) : typeof(string);

    public override double? Number(int feature, int row) => numbers[feature];

    public override ReadOnlyMemory<char>? Text(int feature, int row) => (feature == numbers.Length ? c0 : c1).AsMemory();

    public override bool? Boolean(int feature, int row) => null;

    public override string? Label(int row) => prediction;

    public override double Value(int row) => double.NaN;

    public override double? Score(int row) => score;
}
