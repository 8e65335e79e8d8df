using System.Globalization;

namespace Ariadne.Tests.Monitoring;

/// <summary>
/// The flights fixture by month (tests/Ariadne.Tests/Data/Fixtures/flights-2001-feb-may-jun.csv, U.S. Bureau of
/// Transportation Statistics via vega-datasets; SOURCES.md there): 2,000 flights each of February, May and June 2001.
/// </summary>
internal sealed record FlightsByMonth(string Month, double Delay, double Distance)
{
    public static readonly string[] Features = ["delay", "distance"];

    public static IReadOnlyList<FlightsByMonth> Load() =>
        [.. File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Data", "Fixtures", "flights-2001-feb-may-jun.csv")).Skip(1).Select(line =>
        {
            var c = line.Split(',');
            return new FlightsByMonth(c[0][..7], double.Parse(c[1], CultureInfo.InvariantCulture), double.Parse(c[2], CultureInfo.InvariantCulture));
        })];

    public static string Csv(IEnumerable<FlightsByMonth> rows) =>
        "delay,distance\n" + string.Concat(rows.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Delay},{r.Distance}\n")));

    public static Dictionary<string, Array> Inputs(IReadOnlyList<FlightsByMonth> rows) => new()
    {
        ["delay"] = rows.Select(r => (double?)r.Delay).ToArray(),
        ["distance"] = rows.Select(r => (double?)r.Distance).ToArray(),
    };
}
