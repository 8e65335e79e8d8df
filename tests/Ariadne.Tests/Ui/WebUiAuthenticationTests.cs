using Ariadne.Server;
using Ariadne.Server.Auth;
using Ariadne.Tests.Support;
using Ariadne.Tracking;
using Microsoft.Playwright;

namespace Ariadne.Tests.Ui;

/// <summary>A server with tokens: the browser is challenged, and with a reader token as the basic-auth password the UI works.</summary>
[Trait("Service", "Chromium")]
[Collection(UiCollection.Name)]
public sealed class WebUiAuthenticationTests(UiServerFixture ui) : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private TrackingServer? _server;
    private ITrackingStore? _store;
    private string _reader = "";
    private string _experiment = "";

    public async Task InitializeAsync()
    {
        var tokens = TokenFile.Load(_folder.Combine("tokens.json"));
        _reader = tokens.Create("rita", Role.Reader, DateTimeOffset.UnixEpoch);
        _store = TrackingStoreRegistry.Open("sqlite:///" + _folder.Combine("tracking.db").TrimStart('/'));
        var experiment = _experiment = await _store.CreateExperimentAsync("guarded", null, CancellationToken.None);
        await _store.CreateRunAsync(new NewRun(experiment, "secret-run", 1_700_000_000_000, "rita"), CancellationToken.None);
        _server = await TrackingServer.StartAsync(new TrackingServerOptions { Store = _store, Port = 0, Tokens = TokenFile.Load(_folder.Combine("tokens.json")) });
    }

    [Fact]
    public async Task Without_a_token_the_page_is_refused_and_with_a_reader_token_as_password_it_works()
    {
        using var http = new HttpClient { BaseAddress = _server!.Address };
        using var refused = await http.GetAsync("/");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("Basic realm=\"ariadne\"", refused.Headers.WwwAuthenticate.Select(h => h.ToString())); // a challenge browsers answer with a login prompt

        var context = await ui.Browser.NewContextAsync(new BrowserNewContextOptions { HttpCredentials = new HttpCredentials { Username = "rita", Password = _reader } });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        var failed = new List<string>();
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                failed.Add($"{response.Status} {response.Url}");
            }
        };
        await page.GotoAsync(new Uri(_server.Address, "/#/").ToString());
        await page.Locator("#experiments a:has-text('guarded')").ClickAsync();
        await Assertions.Expect(page.Locator("#runs tbody tr")).ToContainTextAsync("secret-run");
        Assert.Empty(failed);
    }

    [Fact]
    public async Task A_reader_sees_the_run_and_its_total_but_is_offered_no_editing()
    {
        using var http = new HttpClient { BaseAddress = _server!.Address };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _reader);
        using var session = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/api/ariadne/ui/session"));
        Assert.Equal("reader", session.RootElement.GetProperty("role").GetString());
        Assert.False(session.RootElement.GetProperty("can_write").GetBoolean());
        using var count = await http.PostAsync("/api/ariadne/runs/count", new StringContent($"{{\"experiment_ids\": [\"{_experiment}\"]}}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(1, System.Text.Json.JsonDocument.Parse(await count.Content.ReadAsStringAsync()).RootElement.GetProperty("count").GetInt32());

        var context = await ui.Browser.NewContextAsync(new BrowserNewContextOptions { HttpCredentials = new HttpCredentials { Username = "rita", Password = _reader } });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(_server.Address, $"/#/experiments/{_experiment}").ToString());
        await page.Locator("#runs a:has-text('secret-run')").ClickAsync();
        await Assertions.Expect(page.Locator("#note-text")).ToHaveTextAsync("No description.");
        await Assertions.Expect(page.Locator("#edit-note")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#tag-form")).ToHaveCountAsync(0);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        _folder.Dispose();
    }
}
