using System.Diagnostics;
using System.Globalization;
using Ariadne.Monitoring;

namespace Ariadne.Bench.Serve;

/// <summary>
/// PROFILE=1 bash bench/serve.sh: the prediction log's own cost per row, in process and without HTTP, for rows shaped as
/// the penguins model's (four numbers, two texts, a label, its score and three class scores, each row's own): copying a
/// request's rows into the log's columns (what the request path pays) and writing them as one Arrow file (what the
/// log's writer pays), for requests of 100 rows and of one row. Best of ITERATIONS passes over 50,000 rows (a file's size under load:
/// the log flushes at 50,000 rows), since the machine is shared; numbers are floats, as the server logs them.
/// </summary>
internal static class LogProfile
{
    private static readonly string[] Islands = ["Torgersen", "Biscoe", "Dream"];
    private static readonly string[] Sexes = ["MALE", "FEMALE"];
    private static readonly string[] Species = ["Adelie", "Gentoo", "Chinstrap"];

    /// <summary>
    /// Rows of one file: the log's flush at 50,000 rows (PredictionLoggerOptions.FlushRows) makes files of about this
    /// size under load; ROWS_PER_FILE sets another, to see what a file costs apart from its rows.
    /// </summary>
    private static readonly int RowsPerFile = int.TryParse(Environment.GetEnvironmentVariable("ROWS_PER_FILE"), CultureInfo.InvariantCulture, out var rows) && rows >= 100 ? rows : 50_000;

    public static async Task RunAsync(int iterations)
    {
        Console.WriteLine("| rows per request | copy into the columns, ns/row | Arrow file, ns/row | Arrow file, mean of the second half of the passes (collections included), ns/row | file bytes per row |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: |");
        foreach (var perRequest in new[] { 100, 1 })
        {
            var random = new Random(1);
            var requests = new List<PenguinRows>();
            for (var b = 0; b < RowsPerFile / perRequest; b++)
            {
                var rows = new object[perRequest][];
                for (var r = 0; r < perRequest; r++)
                {
                    rows[r] = [Islands[random.Next(3)].AsMemory(), (float)(30 + (random.NextDouble() * 20)), (float)(15 + (random.NextDouble() * 5)), (float)(170 + random.Next(50)), (float)(3000 + random.Next(3000)), Sexes[random.Next(2)].AsMemory()];
                }

                var scores = new KeyValuePair<string, double>[perRequest][];
                for (var r = 0; r < perRequest; r++)
                {
                    // Class probabilities as a model gives them: float32 softmax outputs, different for every row.
                    var raw = Species.Select(_ => Math.Exp(random.NextDouble() * 4)).ToArray();
                    scores[r] = [.. Species.Select((s, k) => new KeyValuePair<string, double>(s, (float)(raw[k] / raw.Sum())))];
                }

                requests.Add(new PenguinRows(Guid.NewGuid().ToString("N"), 1_700_000_000_000 + b, rows, scores));
            }

            var columns = new PredictionLogColumns();
            using var file = new PredictionLogFile();
            double copy = double.MaxValue, write = double.MaxValue, writeTotal = 0;
            var bytes = 0;
            for (var i = 0; i < iterations; i++)
            {
                var clock = Stopwatch.StartNew();
                columns.Reset(1);
                foreach (var request in requests)
                {
                    columns.Append(request);
                }

                copy = Math.Min(copy, clock.Elapsed.TotalNanoseconds / columns.Count);
                clock.Restart();
                bytes = (await file.WriteAsync(columns, default)).Length;
                write = Math.Min(write, clock.Elapsed.TotalNanoseconds / columns.Count);
                if (i >= iterations / 2)
                {
                    // The second half only: the first passes pay for the JIT.
                    writeTotal += clock.Elapsed.TotalNanoseconds / columns.Count;
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {perRequest} | {copy:0} | {write:0} | {writeTotal / (iterations - (iterations / 2)):0} | {bytes / (double)columns.Count:0} |"));
        }
    }

    /// <summary>A request of penguins rows as the server parses them (texts as ReadOnlyMemory, numbers as float).</summary>
    private sealed class PenguinRows(string requestId, long time, object[][] rows, KeyValuePair<string, double>[][] scores) : PredictionLogBatch(requestId, time, 1, rows.Length)
    {
        private static readonly string[] Names = ["Island", "Beak Length (mm)", "Beak Depth (mm)", "Flipper Length (mm)", "Body Mass (g)", "Sex"];
        public override int FeatureCount => Names.Length;

        public override bool IsRegressor => false;

        public override string FeatureName(int feature) => Names[feature];

        public override Type? FeatureType(int feature) => feature is 0 or 5 ? typeof(string) : typeof(float);

        public override bool SinglePrecisionOutputs => true;

        public override double? Number(int feature, int row) => (float)rows[row][feature];

        /// <summary>As the server's batch does: the whole column in one call.</summary>
        public override void CopyNumbers(int feature, Span<float?> destination)
        {
            for (var row = 0; row < destination.Length; row++)
            {
                destination[row] = rows[row][feature] is float f ? f : null;
            }
        }

        public override ReadOnlyMemory<char>? Text(int feature, int row) => (ReadOnlyMemory<char>)rows[row][feature];

        /// <summary>As the server's batch does: the whole column in one call.</summary>
        public override void CopyTexts(int feature, Span<PredictionLogColumns.Text> destination, TextInterner texts)
        {
            for (var row = 0; row < destination.Length; row++)
            {
                destination[row] = rows[row][feature] is ReadOnlyMemory<char> text ? texts.Add(text.Span) : default;
            }
        }

        public override bool? Boolean(int feature, int row) => null;

        private readonly KeyValuePair<string, double>[] _top = [.. scores.Select(s => s.MaxBy(c => c.Value))];

        public override string? Label(int row) => _top[row].Key;

        public override double Value(int row) => double.NaN;

        public override double? Score(int row) => _top[row].Value;

        public override IReadOnlyList<KeyValuePair<string, double>>? ClassScores(int row) => scores[row];

        /// <summary>As the server's batch does: every row has the model's classes, copied a class at a time.</summary>
        public override IReadOnlyList<KeyValuePair<string, double>>? SharedClasses => scores[0];

        public override void CopyClassScores(int classIndex, Span<float?> destination)
        {
            for (var row = 0; row < destination.Length; row++)
            {
                destination[row] = (float)scores[row][classIndex].Value;
            }
        }

        public override void CopyScores(Span<float?> destination)
        {
            for (var row = 0; row < destination.Length; row++)
            {
                destination[row] = (float)_top[row].Value;
            }
        }
    }
}
