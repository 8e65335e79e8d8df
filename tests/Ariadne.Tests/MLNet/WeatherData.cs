using System.Globalization;
using Microsoft.ML.Data;

namespace Ariadne.Tests.MLNet;

/// <summary>
/// A day of Seattle weather as ML.NET loads it from Data/Fixtures/seattle-weather.csv (vega-datasets 3.2.1, NOAA;
/// see Data/Fixtures/SOURCES.md): 1,461 real days, for regression (the day's maximum from its minimum, rain and wind)
/// and classification (the kind of weather).
/// </summary>
public sealed class WeatherDay
{
    [LoadColumn(0)] public string Date { get; set; } = "";

    [LoadColumn(1)] public float Precipitation { get; set; }

    [LoadColumn(2)] public float TempMax { get; set; }

    [LoadColumn(3)] public float TempMin { get; set; }

    [LoadColumn(4)] public float Wind { get; set; }

    [LoadColumn(5)] public string Weather { get; set; } = "";
}

/// <summary>A day with derived columns, for in-memory views (binary label, ranking group and relevance).</summary>
public sealed class WeatherExample
{
    public float Precipitation { get; set; }

    public float TempMax { get; set; }

    public float TempMin { get; set; }

    public float Wind { get; set; }

    public bool Rain { get; set; }

    public string Month { get; set; } = "";

    public float Relevance { get; set; }
}

internal static class WeatherData
{
    public static string Fixture => Path.Combine(AppContext.BaseDirectory, "Data", "Fixtures", "seattle-weather.csv");

    /// <summary>Writes the fixture's first <paramref name="trainRows"/> days to train.csv and the rest to test.csv in <paramref name="folder"/>.</summary>
    public static (string Train, string Test) Split(string folder, int trainRows = 1100)
    {
        Directory.CreateDirectory(folder);
        var lines = File.ReadAllLines(Fixture);
        var train = Path.Combine(folder, "train.csv");
        var test = Path.Combine(folder, "test.csv");
        File.WriteAllLines(train, lines.Take(trainRows + 1));
        File.WriteAllLines(test, lines.Take(1).Concat(lines.Skip(trainRows + 1)));
        return (train, test);
    }

    /// <summary>Every day as an example: rain or not, the month as a ranking group, relevance 0..4 by rainfall.</summary>
    public static List<WeatherExample> Examples() =>
        File.ReadAllLines(Fixture).Skip(1).Select(line => line.Split(',')).Select(f =>
        {
            var rain = float.Parse(f[1], CultureInfo.InvariantCulture);
            return new WeatherExample
            {
                Precipitation = rain,
                TempMax = float.Parse(f[2], CultureInfo.InvariantCulture),
                TempMin = float.Parse(f[3], CultureInfo.InvariantCulture),
                Wind = float.Parse(f[4], CultureInfo.InvariantCulture),
                Rain = f[5] == "rain",
                Month = f[0][..7],
                Relevance = Math.Min(4, MathF.Floor(rain / 5)),
            };
        }).ToList();
}
