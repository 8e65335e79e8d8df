using System.Text.Json;
using System.Text.Json.Nodes;
using Ariadne.Registry;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Monitoring;

/// <summary>
/// Real drift between months: a model of US flights whose reference is May 2001 sees February and June 2001. Delays
/// were longer in February and June than in May (mean 8.6 and 8.1 minutes against 4.0); distances hardly changed.
/// </summary>
[Trait(Service.Trait, Service.Python)]
public sealed class FlightsMonthlyDriftTests : IDisposable
{
    private static readonly DateTimeOffset Day1 = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task The_flight_delays_of_february_and_june_drift_from_may_and_their_distances_do_not()
    {
        var flights = FlightsByMonth.Load();
        var may = flights.Where(f => f.Month == "2001-05").ToList();
        var months = new[] { "2001-02", "2001-06" }.Select(m => flights.Where(f => f.Month == m).ToList()).ToList();
        Assert.All(months.Append(may), m => Assert.Equal(2000, m.Count));
        _ws.Write("reference.csv", FlightsByMonth.Csv(may));
        await using (var tracking = TrackingClient.Open(folder: _ws.Root))
        {
            _ws.Write("model/model.zip", "weights");
            await using (var run = await tracking.StartRunAsync("flights", "train"))
            {
                await run.RegisterModelAsync("flights", _ws.Path("model"), alias: "champion");
            }

            // Each month is logged into a day of its own (one window each), a flight a second; the model predicts the delay.
            var log = new PredictionLogBatches(tracking, "flights");
            for (var m = 0; m < months.Count; m++)
            {
                var rows = months[m];
                var start = Day1.AddDays(m);
                await log.WriteAsync(1, [.. rows.Select((_, i) => $"{m}-{i}")], [.. rows.Select((_, i) => start.AddSeconds(i).ToUnixTimeMilliseconds())],
                    FlightsByMonth.Inputs(rows), rows.Select(r => (double?)r.Delay).ToArray(), rows.Select(_ => (double?)null).ToArray());
            }

            await log.EndAsync();
        }

        var result = _ws.CliOk("monitor", "run", "models:/flights@champion", "--window", "1d", "--reference", "reference.csv", "--json");

        var windows = JsonDocument.Parse(result.Out).RootElement.GetProperty("report").GetProperty("windows").EnumerateArray().ToList();
        Assert.Equal([2000, 2000], windows.Select(w => w.GetProperty("rows").GetInt32()));

        // The expected values come from SciPy on the same rows: Evidently's test for a reference of more than 1,000
        // numbers is the Wasserstein distance normed by the reference's standard deviation, drifted at >= 0.1.
        // Checked once by hand with pandas 1.5.3 and SciPy 1.10.1 (Debian's python3-pandas, python3-scipy):
        // wasserstein_distance(may, month) / np.std(may): February delay 0.1633, distance 0.0555; June delay 0.1438,
        // distance 0.0316 (Kolmogorov-Smirnov agrees: delay p 1.9e-8 and 0.0065, distance p 0.29 and 0.23).
        var cases = new JsonArray();
        foreach (var month in months)
        {
            foreach (var feature in FlightsByMonth.Features)
            {
                Func<FlightsByMonth, double> value = feature == "delay" ? f => f.Delay : f => f.Distance;
                cases.Add(new JsonObject
                {
                    ["reference"] = ScipyReference.Array(may.Select(value)),
                    ["current"] = ScipyReference.Array(month.Select(value)),
                    ["test"] = "wasserstein",
                    ["numeric"] = true,
                });
            }
        }

        var expected = ScipyReference.Compute(new JsonObject { ["drift"] = cases })["drift"]!.AsArray().Select(v => v!.GetValue<double>()).ToList();
        for (var m = 0; m < months.Count; m++)
        {
            var drift = windows[m].GetProperty("drift").EnumerateArray().ToDictionary(d => d.GetProperty("feature").GetString()!);
            Assert.Equal(FlightsByMonth.Features, drift.Keys.Order());
            for (var f = 0; f < FlightsByMonth.Features.Length; f++)
            {
                var column = drift[FlightsByMonth.Features[f]];
                var scipy = expected[(m * FlightsByMonth.Features.Length) + f];
                Assert.Equal("wasserstein", column.GetProperty("test").GetString());
                Assert.Equal(scipy, column.GetProperty("statistic").GetDouble(), 1e-9);
                Assert.Equal(0.1, column.GetProperty("threshold").GetDouble());
                Assert.Equal(scipy >= 0.1, column.GetProperty("drifted").GetBoolean());
            }

            // Delay drifts, distance does not: half of the features, over a 0.3 rule's threshold.
            Assert.Equal(["delay"], drift.Values.Where(d => d.GetProperty("drifted").GetBoolean()).Select(d => d.GetProperty("feature").GetString()));
            var share = windows[m].GetProperty("drift_share").GetDouble();
            Assert.Equal(drift.Values.Count(d => d.GetProperty("drifted").GetBoolean()) / (double)drift.Count, share);
            Assert.True(share > 0.3, $"drift_share {share}");
        }
    }
}
