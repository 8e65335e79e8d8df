using Ariadne.Tests.Support;
using Ariadne.Tracking;
using Ariadne.Tracking.Http;

namespace Ariadne.Tests.Server;

/// <summary>The C# SDK with an http:// tracking URI: a whole run, as training code writes it, lands in the server's store.</summary>
public sealed class SdkOverHttpTests
{
    [Fact]
    public async Task A_run_logged_through_the_sdk_to_a_server_keeps_every_metric_point_params_and_provenance()
    {
        using var folder = new TempFolder();
        await using var database = TrackingStoreRegistry.Open("sqlite:///" + folder.Combine("tracking.db").TrimStart('/'));
        await using var server = await ServerUnderTest.StartAsync(database);
        string runId;

        await using (var tracking = TrackingClient.Open(server.Address.ToString(), folder.Path))
        {
            Assert.IsType<HttpTrackingStore>(CheckedTrackingStore.Unwrap(tracking.Store));
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

    [Fact]
    public async Task A_batch_too_large_for_one_request_is_split_and_arrives_whole()
    {
        using var folder = new TempFolder();
        await using var database = TrackingStoreRegistry.Open("sqlite:///" + folder.Combine("tracking.db").TrimStart('/'));
        await using var server = await ServerUnderTest.StartAsync(database);
        await using var client = HttpTrackingStore.Open(server.Address.ToString(), spoolRoot: folder.Combine("spool"));
        var run = await client.CreateRunAsync(new NewRun("0", "big", 1, "ada"), default);
        var parameters = Enumerable.Range(0, 2000).Select(i => new Param($"p{i}", new string('x', 6000))).ToList();
        var tags = Enumerable.Range(0, 500).Select(i => new RunTag($"t{i}", new string('y', 8000))).ToList();
        var metrics = Enumerable.Range(0, 12_345).Select(i => new Metric("m", i, 1, i)).ToList();

        await client.LogBatchAsync(run.RunId, metrics, parameters, tags, default);

        var stored = await database.GetRunAsync(run.RunId, default);
        Assert.Equal(2000, stored.Params.Count);
        Assert.Equal(500, stored.Tags.Count(t => t.Key.StartsWith('t')));
        Assert.Equal(12_345, (await database.GetMetricHistoryAsync(run.RunId, "m", default)).Count);
    }
}
