using System.Diagnostics;
using System.Globalization;
using Ariadne.Monitoring;

namespace Ariadne.Bench.Serve;

/// <summary>
/// PROFILE=1 bash bench/serve.sh: the prediction log's own cost per row, in process and without HTTP, for rows shaped as
/// the penguins model's (four numbers, two texts, a label, its score and three class scores): copying a request's rows
/// into the log's columns (what the request path pays) and writing them as one Parquet file (what the log's writer
/// pays), for requests of 100 rows and of one row. Best of ITERATIONS passes over 10,000 rows, since the machine is shared.
/// </summary>
internal static class LogProfile
{
    private static readonly string[] Islands = ["Torgersen", "Biscoe", "Dream"];
    private static readonly string[] Sexes = ["MALE", "FEMALE"];
    private static readonly string[] Species = ["Adelie", "Gentoo", "Chinstrap"];

    public static async Task RunAsync(int iterations)
    {
        Console.WriteLine("| rows per request | copy into the columns, ns/row | Parquet file, ns/row | file bytes per row |");
        Console.WriteLine("| ---: | ---: | ---: | ---: |");
        foreach (var perRequest in new[] { 100, 1 })
        {
            var random = new Random(1);
            var requests = new List<PenguinRows>();
            for (var b = 0; b < 10_000 / perRequest; b++)
            {
                var rows = new object[perRequest][];
                for (var r = 0; r < perRequest; r++)
                {
                    rows[r] = [Islands[random.Next(3)].AsMemory(), (float)(30 + (random.NextDouble() * 20)), (float)(15 + (random.NextDouble() * 5)), (float)(170 + random.Next(50)), (float)(3000 + random.Next(3000)), Sexes[random.Next(2)].AsMemory()];
                }

                requests.Add(new PenguinRows(Guid.NewGuid().ToString("N"), 1_700_000_000_000 + b, rows));
            }

            var columns = new PredictionLogColumns();
            using var file = new PredictionLogFile();
            double copy = double.MaxValue, write = double.MaxValue;
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
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {perRequest} | {copy:0} | {write:0} | {bytes / (double)columns.Count:0} |"));
        }
    }

    /// <summary>A request of penguins rows as the server parses them (texts as ReadOnlyMemory, numbers as float).</summary>
    private sealed class PenguinRows(string requestId, long time, object[][] rows) : PredictionLogBatch(requestId, time, 1, rows.Length)
    {
        private static readonly string[] Names = ["Island", "Beak Length (mm)", "Beak Depth (mm)", "Flipper Length (mm)", "Body Mass (g)", "Sex"];
        private static readonly KeyValuePair<string, double>[] ClassScoresOfEveryRow = [new(Species[0], 0.8), new(Species[1], 0.15), new(Species[2], 0.05)];

        public override int FeatureCount => Names.Length;

        public override bool IsRegressor => false;

        public override string FeatureName(int feature) => Names[feature];

        public override Type? FeatureType(int feature) => feature is 0 or 5 ? typeof(string) : typeof(double);

        public override double? Number(int feature, int row) => (float)rows[row][feature];

        public override ReadOnlyMemory<char>? Text(int feature, int row) => (ReadOnlyMemory<char>)rows[row][feature];

        public override bool? Boolean(int feature, int row) => null;

        public override string? Label(int row) => Species[row % 3];

        public override double Value(int row) => double.NaN;

        public override double? Score(int row) => 0.8;

        public override IReadOnlyList<KeyValuePair<string, double>>? ClassScores(int row) => ClassScoresOfEveryRow;
    }
}
