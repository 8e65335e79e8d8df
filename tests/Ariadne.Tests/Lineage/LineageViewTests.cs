using Ariadne.Server;
using Ariadne.Tests.Support;
using Ariadne.Tests.Ui;
using Ariadne.Tracking;
using Microsoft.Playwright;
using static Ariadne.Tests.Lineage.LineageWorkspaces;

namespace Ariadne.Tests.Lineage;

/// <summary>
/// The web UI's lineage view in Debian's Chromium, on a pipeline whose foreach stage has 20 items (about 45 nodes
/// downstream of the raw data): every node is drawn without overlapping another and links to its run, file or
/// dataset; the downstream toggle turns the graph around; a gap shows as a gap. Saves screenshots.
/// </summary>
[Trait(Service.Trait, Service.Chromium)]
public sealed class LineageViewTests : IAsyncLifetime
{
    private static readonly string[] Items = [.. Enumerable.Range(0, 20).Select(i => $"m{i:00}")];
    private readonly TestWorkspace _ws = new();
    private TrackingClient? _tracking;
    private TrackingServer? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        if (!File.Exists(UiServerFixture.ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is not installed at {UiServerFixture.ChromiumPath}: install Debian's 'chromium' package (./run-tests does).");
        }

        CreatePipeline(_ws, Items);
        var workspace = _ws.Open();
        _tracking = TrackingClient.Open(folder: _ws.Root);
        _server = await TrackingServer.StartAsync(new TrackingServerOptions { Store = _tracking.Store, Port = 0, Workspace = workspace });
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = UiServerFixture.ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_tracking is not null)
        {
            await _tracking.DisposeAsync();
        }

        _ws.Dispose();
    }

    [Fact]
    public async Task Downstream_of_raw_data_draws_every_node_apart_and_linked_and_the_toggle_turns_it_upstream()
    {
        var (page, errors) = await NewPageAsync();
        await page.GotoAsync(Url("/lineage?target=data/raw.csv&direction=downstream"));

        var nodes = page.Locator("#lineage-graph [data-node]");
        await Assertions.Expect(page.Locator("#lineage-graph [data-kind='run']")).ToHaveCountAsync(1 + Items.Length); // prepare and every train item
        var count = await nodes.CountAsync();
        Assert.InRange(count, 40, 60);
        var boxes = new List<(string Id, LocatorBoundingBoxResult Box, string Href)>();
        for (var i = 0; i < count; i++)
        {
            var node = nodes.Nth(i);
            boxes.Add((await node.GetAttributeAsync("data-node") ?? "", (await node.Locator("rect").BoundingBoxAsync())!, await node.GetAttributeAsync("href") ?? ""));
        }

        foreach (var (a, b) in boxes.SelectMany((a, i) => boxes.Skip(i + 1).Select(b => (a, b))))
        {
            var apart = a.Box.X + a.Box.Width <= b.Box.X || b.Box.X + b.Box.Width <= a.Box.X || a.Box.Y + a.Box.Height <= b.Box.Y || b.Box.Y + b.Box.Height <= a.Box.Y;
            Assert.True(apart, $"{a.Id} and {b.Id} overlap");
        }

        Assert.All(boxes.Where(b => b.Id.StartsWith("run:", StringComparison.Ordinal)), b => Assert.Equal("#/runs/" + b.Id[4..], b.Href));
        Assert.All(boxes.Where(b => b.Id.StartsWith("data:", StringComparison.Ordinal)), b => Assert.Matches("^#/(datasets\\?hash=|runs/[0-9a-f]+\\?artifact=)", b.Href));
        var raw = boxes.Single(b => b.Id == "data:" + PointerHash("data/raw.csv.ari"));
        Assert.All(boxes.Where(b => b.Id != raw.Id), b => Assert.True(b.Box.X > raw.Box.X, $"{b.Id} is left of the raw data it derives from")); // layered left to right
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(UiServerFixture.ScreenshotFolder, "lineage-downstream.png"), FullPage = true });

        // The model's page: upstream, back to the raw data; its node leads to the run's artifact.
        await page.UncheckAsync("#lineage-downstream");
        await Assertions.Expect(page.Locator("#lineage-graph [data-kind='run']")).ToHaveCountAsync(0); // upstream of raw data: no run made it
        await Assertions.Expect(page.Locator("#lineage-graph [data-kind='data']")).ToHaveCountAsync(1);
        await page.FillAsync("#lineage-target", "model-m07.txt");
        await page.ClickAsync("#lineage-form button[type=submit]");
        await Assertions.Expect(page.Locator("#lineage-graph [data-kind='run']")).ToHaveCountAsync(2);
        Assert.Contains("target=model-m07.txt", page.Url, StringComparison.Ordinal); // the view is a link
        await Assertions.Expect(page.Locator("#lineage-runs")).ToContainTextAsync("sh train.sh m07");
        await Assertions.Expect(page.Locator("#lineage-graph")).ToContainTextAsync("raw data");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(UiServerFixture.ScreenshotFolder, "lineage-upstream.png"), FullPage = true });
        await page.Locator("#lineage-graph [data-kind='run']").Filter(new() { HasText = "train@m07" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/runs/[0-9a-f]+$"));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_gap_is_drawn_as_a_gap_and_listed_with_its_reason()
    {
        _ws.CliOk("run", "-n", "orphan", "-i", "train=" + new string('7', 64), "-o", "orphan.txt", "--", "sh", "-c", "echo o > orphan.txt");
        var (page, errors) = await NewPageAsync();

        await page.GotoAsync(Url("/lineage?target=orphan.txt"));

        await Assertions.Expect(page.Locator("#lineage-graph [data-kind='gap']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#lineage-gaps")).ToContainTextAsync("no recorded run wrote these bytes");
        await page.GotoAsync(Url("/lineage?target=no-such-thing"));
        await Assertions.Expect(page.Locator(".error")).ToContainTextAsync("is neither a run id");
        Assert.Equal([$"400 GET {new Uri(_server!.Address, "/api/ariadne/lineage?target=no-such-thing&direction=upstream")}"], errors);
    }

    private string PointerHash(string pointer) => global::Ariadne.Workspace.PointerFile.Read(_ws.Path(pointer)).Hash.Hex;

    private string Url(string fragment) => new Uri(_server!.Address, "/#" + fragment).ToString();

    private async Task<(IPage Page, List<string> Errors)> NewPageAsync()
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 1000 } });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                errors.Add($"{response.Status} {response.Request.Method} {response.Url}");
            }
        };
        return (page, errors);
    }
}
