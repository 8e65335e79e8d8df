using System.Net;
using System.Net.Sockets;
using System.Text;
using Ariadne.Server;
using Ariadne.Tests.Support;
using Ariadne.Tracking;
using Microsoft.Playwright;

namespace Ariadne.Tests.Ui;

/// <summary>
/// A server without tokens, as 'ariadne ui' starts it, against pages of other sites in Debian's Chromium. The names
/// attacker.test and rebind.test resolve to 127.0.0.1 inside the browser (--host-resolver-rules), as a DNS name an
/// attacker controls can: a page of attacker.test tries to write with no-cors fetches, and a page loaded through
/// rebind.test on the server's own port (DNS rebinding) tries to read and write as the same origin.
/// </summary>
[Trait("Service", "Chromium")]
public sealed class CrossSiteBrowserTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private ITrackingStore _store = null!;
    private TrackingServer _server = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private TcpListener _attacker = null!;
    private readonly CancellationTokenSource _stop = new();

    public async Task InitializeAsync()
    {
        _store = TrackingStoreRegistry.Open("sqlite:///" + _folder.Combine("tracking.db").TrimStart('/'));
        _server = await TrackingServer.StartAsync(new TrackingServerOptions { Store = _store, Port = 0 });
        _attacker = new TcpListener(IPAddress.Loopback, 0);
        _attacker.Start();
        _ = ServeAttackerPagesAsync(_stop.Token);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = UiServerFixture.ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--host-resolver-rules=MAP attacker.test 127.0.0.1, MAP rebind.test 127.0.0.1"],
        });
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        _attacker.Stop();
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _server.DisposeAsync();
        await _store.DisposeAsync();
        _folder.Dispose();
        _stop.Dispose();
    }

    private int AttackerPort => ((IPEndPoint)_attacker.LocalEndpoint).Port;

    private string Api(string action) => new Uri(_server.Address, "/api/2.0/mlflow/" + action).ToString();

    [Fact]
    public async Task A_page_of_another_site_cannot_create_or_delete_experiments_with_no_cors_requests()
    {
        var victim = await _store.CreateExperimentAsync("victim", null, CancellationToken.None);
        var page = await _browser.NewPageAsync();
        await page.GotoAsync($"http://attacker.test:{AttackerPort}/");

        var sent = await page.EvaluateAsync<int>($$"""
            async () => {
              const post = (action, body, type) => fetch('{{Api("")}}' + action,
                { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': type }, body: JSON.stringify(body) });
              await post('experiments/create', { name: 'made-by-another-site' }, 'text/plain');
              await post('experiments/create', { name: 'made-by-another-site-json' }, 'application/json');
              await post('experiments/delete', { experiment_id: '{{victim}}' }, 'text/plain');
              return 3;
            }
            """);

        Assert.Equal(3, sent);
        Assert.Null(await _store.GetExperimentByNameAsync("made-by-another-site", CancellationToken.None));
        Assert.Null(await _store.GetExperimentByNameAsync("made-by-another-site-json", CancellationToken.None));
        Assert.Equal(LifecycleStage.Active, (await _store.GetExperimentAsync(victim, CancellationToken.None))!.LifecycleStage);
    }

    [Fact]
    public async Task A_rebound_dns_name_on_the_servers_port_reaches_nothing()
    {
        await _store.CreateExperimentAsync("secret-project", null, CancellationToken.None);
        var page = await _browser.NewPageAsync();

        var response = await page.GotoAsync($"http://rebind.test:{_server.Address.Port}/");
        var reply = await page.EvaluateAsync<string>("""
            async () => {
              const r = await fetch('/api/2.0/mlflow/experiments/search', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
              return r.status + ' ' + await r.text();
            }
            """);

        Assert.Equal(403, response!.Status);
        Assert.StartsWith("403 ", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-project", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_servers_own_pages_still_write()
    {
        var page = await _browser.NewPageAsync();
        await page.GotoAsync(_server.Address.ToString());

        var status = await page.EvaluateAsync<int>("""
            async () => (await fetch('/api/2.0/mlflow/experiments/create',
              { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'made-in-the-ui' }) })).status
            """);

        Assert.Equal(200, status);
        Assert.NotNull(await _store.GetExperimentByNameAsync("made-in-the-ui", CancellationToken.None));
    }

    /// <summary>Answers every request with an empty page: the other site whose scripts the tests run.</summary>
    private async Task ServeAttackerPagesAsync(CancellationToken cancellationToken)
    {
        var page = Encoding.UTF8.GetBytes("<!doctype html><title>another site</title><p>nothing to see</p>");
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _attacker.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            using (client)
            {
                var stream = client.GetStream();
                var buffer = new byte[8192];
                var received = new StringBuilder();
                while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer, cancellationToken);
                    if (read == 0)
                    {
                        break;
                    }

                    received.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                var head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {page.Length}\r\nConnection: close\r\n\r\n");
                await stream.WriteAsync(head, cancellationToken);
                await stream.WriteAsync(page, cancellationToken);
            }
        }
    }
}
