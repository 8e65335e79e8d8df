using Ariadne.Registry;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Monitoring;

/// <summary>A registered model "weather" whose training run recorded its training data (a tracked CSV) as input 'train'.</summary>
internal static class WeatherModel
{
    public static async Task<ModelVersion> RegisterAsync(TrackingClient tracking, TestWorkspace ws, IEnumerable<SeattleWeather> training)
    {
        ws.Write("train.csv", SeattleWeather.Csv(training));
        ws.CliOk("add", "train.csv");
        ws.Write("model/model.zip", "weights");
        await using var run = await tracking.StartRunAsync("weather", "train");
        await run.LogInputAsync(ws.Path("train.csv"), "train");
        var version = await run.RegisterModelAsync("weather", ws.Path("model"), alias: "champion");
        await run.EndAsync();
        return version;
    }

    /// <summary>Logs <paramref name="rows"/> as predictions of version 1, one row per second from <paramref name="start"/>; the prediction is the day's weather.</summary>
    public static async Task<string[]> LogAsync(PredictionLogBatches log, IReadOnlyList<SeattleWeather> rows, DateTimeOffset start, string idPrefix)
    {
        var ids = rows.Select((_, i) => $"{idPrefix}-{i}").ToArray();
        var times = rows.Select((_, i) => start.AddSeconds(i).ToUnixTimeMilliseconds()).ToArray();
        await log.WriteAsync(1, ids, times, SeattleWeather.Inputs(rows), rows.Select(r => (string?)r.Weather).ToArray(), rows.Select(_ => (double?)0.8).ToArray());
        return ids;
    }
}
