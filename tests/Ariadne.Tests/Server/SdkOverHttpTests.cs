using Ariadne.Server.Client;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Server;

/// <summary>The C# SDK with an http:// tracking URI: a whole run, as training code writes it, lands in the server's store.</summary>
public sealed class SdkOverHttpTests
{
    static SdkOverHttpTests() => TrackingServerClient.Register();

    [Fact]
    public async Task A_run_logged_through_the_sdk_to_a_server_keeps_every_metric_point_params_and_provenance()
    {
        using var folder = new TempFolder();
        await using var database = TrackingStoreRegistry.Open("sqlite:///" + folder.Combine("tracking.db").TrimStart('/'));
        await using var server = await ServerUnderTest.StartAsync(database);
        string runId;

        await using (var tracking = TrackingClient.Open(server.Address.ToString(), folder.Path))
        {
            Assert.IsType<HttpTrackingStore>(tracking.Store);
            await using var run = await tracking.StartNewRunAsync("over-http", "sdk", null);
            runId = run.RunId;
            await run.LogParamAsync("lr", 0.01);
            for (var step = 0; step < 20_000; step++)
            {
                run.LogMetric("loss", 1.0 / (step + 1));
            }

            await run.EndAsync();
        }

        var stored = await database.GetRunAsync(runId, default);
        Assert.Equal(RunStatus.Finished, stored.Info.Status);
        Assert.Equal("0.01", stored.Params.Single(p => p.Key == "lr").Value);
        Assert.Contains(stored.Tags, t => t.Key == TrackingKeys.HostTag);
        Assert.Equal(20_000, (await database.GetMetricHistoryAsync(runId, "loss", default)).Count);
    }
}
