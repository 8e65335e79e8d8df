using System.Globalization;

namespace Ariadne.Tests.Monitoring;

/// <summary>The Seattle weather fixture (NOAA, via vega-datasets; tests/Ariadne.Tests/Data/Fixtures/SOURCES.md): daily rows 2012–2015 that drift with the season.</summary>
internal sealed record SeattleWeather(DateOnly Date, double Precipitation, double TempMax, double TempMin, double Wind, string Weather)
{
    public static readonly string[] Features = ["precipitation", "temp_max", "temp_min", "wind"];

    public static IReadOnlyList<SeattleWeather> Load() =>
        [.. File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Data", "Fixtures", "seattle-weather.csv")).Skip(1).Select(line =>
        {
            var c = line.Split(',');
            return new SeattleWeather(DateOnly.Parse(c[0], CultureInfo.InvariantCulture), D(c[1]), D(c[2]), D(c[3]), D(c[4]), c[5]);
        })];

    public bool Winter => Date.Month is 12 or 1 or 2;

    public bool Summer => Date.Month is 6 or 7 or 8;

    public static string Csv(IEnumerable<SeattleWeather> rows) =>
        "precipitation,temp_max,temp_min,wind,weather\n" + string.Concat(rows.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Precipitation},{r.TempMax},{r.TempMin},{r.Wind},{r.Weather}\n")));

    public static Dictionary<string, Array> Inputs(IReadOnlyList<SeattleWeather> rows) => new()
    {
        ["precipitation"] = rows.Select(r => (double?)r.Precipitation).ToArray(),
        ["temp_max"] = rows.Select(r => (double?)r.TempMax).ToArray(),
        ["temp_min"] = rows.Select(r => (double?)r.TempMin).ToArray(),
        ["wind"] = rows.Select(r => (double?)r.Wind).ToArray(),
    };

    private static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);
}
