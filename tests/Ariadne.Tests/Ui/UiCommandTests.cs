using System.Net;
using System.Net.Sockets;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Ui;

/// <summary><c>ariadne ui</c> as a separate process: prints its URL, serves the page, its scripts and the workspace's runs.</summary>
public sealed class UiCommandTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    [Fact]
    public async Task Ui_prints_its_url_and_serves_the_page_scripts_and_this_workspaces_runs()
    {
        await using (var tracking = TrackingClient.Open(folder: _ws.Root))
        {
            await using var run = await tracking.StartRunAsync("seen-in-ui", "r1");
            await run.EndAsync();
        }

        using var stop = new CancellationTokenSource();
        var (exit, output, error) = CliRunner.Start(_ws.Root, stop.Token, "ui", "--port", "0");
        try
        {
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (!output.ToString().Contains('\n', StringComparison.Ordinal) && !exit.IsCompleted && waited.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(50);
            }

            Assert.False(exit.IsCompleted, "ariadne ui ended: " + error);
            var address = new Uri(output.ToString().Split('\n')[0].Trim());
            Assert.True(IPAddress.IsLoopback(IPAddress.Parse(address.Host)));
            Assert.Contains("Open the address above in a browser", error.ToString(), StringComparison.Ordinal);
            using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };

            var page = await http.GetStringAsync("/");
            using var script = await http.GetAsync("/ui/app.js");
            using var missing = await http.GetAsync("/ui/nothing-here.js");
            using var experiment = await http.PostAsync("/api/2.0/mlflow/experiments/get-by-name", new StringContent("{\"experiment_name\":\"seen-in-ui\"}", System.Text.Encoding.UTF8, "application/json"));
            var activity = await http.GetStringAsync("/api/ariadne/experiments/activity");

            Assert.Contains("<title>Ariadne</title>", page, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
            Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Equal(HttpStatusCode.OK, experiment.StatusCode);
            Assert.Contains("\"runs\":1", activity, StringComparison.Ordinal);
        }
        finally
        {
            await stop.CancelAsync();
        }

        Assert.Equal(0, await exit); // Ctrl-C stops it cleanly
    }

    [Fact]
    public void A_port_in_use_is_refused_with_a_way_out()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var result = _ws.Cli("ui", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is in use", result.Error, StringComparison.Ordinal);
        Assert.Contains("--port 0", result.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _ws.Dispose();
}
