using System.Globalization;
using System.Net;
using Ariadne.Content;
using Ariadne.Registry;
using Ariadne.Remotes;
using Ariadne.Tests.Server;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Serving;

public sealed partial class ServeTests
{
    [Fact]
    public async Task Serving_goes_on_while_the_tracking_server_is_away_and_the_log_catches_up_once_without_duplicates()
    {
        using var folder = new TempFolder();
        var db = "sqlite:///" + folder.Combine("tracking.db").TrimStart('/');
        Directory.CreateDirectory(folder.Combine("artifacts"));
        var settings = new RemoteSettings("artifacts", folder.Combine("artifacts"), new Dictionary<string, string>());
        var model = PenguinsModel.Train();
        var zip = model.Save(folder.Combine("trained", "model.zip"));
        await using var database = TrackingStoreRegistry.Open(db);
        var up = await ServerUnderTest.StartAsync(database, ObjectStoreRegistry.Open(settings));
        var port = up.Address.Port;
        await using (var tracking = TrackingClient.Open(up.Address.ToString(), folder.Combine("trained")))
        {
            await using var run = await tracking.StartNewRunAsync("training", "penguins", null);
            await run.LogArtifactAsync(zip, "model/model.zip");
            await run.RegisterModelAsync("penguins", "model", alias: "champion");
            await run.EndAsync();
        }

        Directory.CreateDirectory(folder.Combine("elsewhere"));
        await using var serve = await ServeProcess.StartAsync(folder.Combine("elsewhere"), Champion, "--store", up.Address.ToString(), "--flush-interval", "200ms", "--poll-interval", "1s");
        var runId = (await HealthAsync(serve)).GetProperty("run_id").GetString()!;
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await PostJsonAsync(serve, PenguinsModel.Json(model.Rows[i]), $"before-{i}")).Status);
        }

        await WaitForAsync(serve, m => m.GetValueOrDefault("ariadne_serve_prediction_log_rows_total") >= 10);

        // The tracking server goes away: serving answers on, the log keeps the rows and says so.
        await up.DisposeAsync();
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await PostJsonAsync(serve, PenguinsModel.Json(model.Rows[i]), $"away-{i}")).Status);
        }

        // The tracking client spools the batches on disk while the server is away (nothing is dropped).
        var away = await WaitForAsync(serve, m => m.GetValueOrDefault("ariadne_serve_prediction_log_rows_total") >= 30, attempts: 300);
        Assert.Equal(0, away["ariadne_serve_prediction_log_dropped_total"]);

        // It comes back, and serve stops before its client's background probe has noticed: the client asks the server
        // once as it closes and sends the spool then (before, the spool stayed on disk for 'ariadne sync').
        await using var back = await ServerUnderTest.StartAsync(database, ObjectStoreRegistry.Open(settings), port: port);
        Assert.Equal(HttpStatusCode.OK, (await PostJsonAsync(serve, PenguinsModel.Json(model.Rows[0]), "after-0")).Status);
        var caughtUp = await WaitForAsync(serve, m => m.GetValueOrDefault("ariadne_serve_prediction_log_rows_total") >= 31, attempts: 300);
        Assert.Equal(0, caughtUp["ariadne_serve_prediction_log_queue_length"]);
        Assert.Equal(0, await serve.TerminateAsync());

        await using var client = TrackingClient.Open(back.Address.ToString(), folder.Combine("elsewhere"));
        var logged = await PredictionLogFiles.ReadAsync(client, runId, folder.Combine("log"));
        var expected = Enumerable.Range(0, 10).Select(i => $"before-{i}").Concat(Enumerable.Range(0, 20).Select(i => $"away-{i}")).Append("after-0");
        Assert.Equal(expected.Order(StringComparer.Ordinal), logged.Select(r => r.Id).Order(StringComparer.Ordinal)); // all of them, once
        Assert.Equal(RunStatus.Finished, (await database.GetRunAsync(runId, default)).Info.Status);
    }
}
