using Ariadne.Remotes;
using Ariadne.Server;
using Ariadne.Tests.Support;
using Ariadne.Tracking;
using Microsoft.Playwright;

namespace Ariadne.Tests.Ui;

/// <summary>
/// The web UI over the real penguins example as `ariadne quickstart` leaves it: the pipeline graph with every stage
/// run, the trainer's per-iteration curve, the confusion-matrix PNG, the champion model with the card the quickstart
/// stored (its hint says "Models: the card"). In the UI collection, which also holds the
/// quickstart test, so the two trainer builds in this checkout never run at once.
/// </summary>
[Trait("Service", "Chromium")]
[Collection(UiCollection.Name)]
public sealed class WebUiPenguinsExampleTests(UiServerFixture ui) : IAsyncLifetime
{
    private readonly TempFolder _temp = new();
    private TrackingClient? _tracking;
    private TrackingServer? _server;

    public async Task InitializeAsync()
    {
        var quickstart = CliRunner.Run(_temp.Path, "quickstart", "penguins");
        Assert.True(quickstart.ExitCode == 0, quickstart.Out + quickstart.Error);
        var root = _temp.Combine("penguins");
        _tracking = TrackingClient.Open(folder: root);
        _server = await TrackingServer.StartAsync(new TrackingServerOptions
        {
            Store = _tracking.Store,
            Artifacts = ObjectStoreRegistry.Open(new RemoteSettings("artifacts", Ariadne.Workspace.DataWorkspace.Open(root).Cache.ObjectsFolder, new Dictionary<string, string>())),
            Port = 0,
        });
    }

    [Fact]
    public async Task Pipeline_graph_training_curve_confusion_matrix_and_model_card_of_the_penguins_example_show_in_the_browser()
    {
        var context = await ui.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        var failed = new List<string>();
        page.PageError += (_, error) => failed.Add(error);
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                failed.Add($"{response.Status} {response.Url}");
            }
        };
        string Url(string fragment) => new Uri(_server!.Address, "/#" + fragment).ToString();

        // Every stage of the first repro ran.
        await page.GotoAsync(Url("/pipelines"));
        var stages = page.Locator("#stages tbody tr");
        await Assertions.Expect(stages.First).ToBeVisibleAsync();
        Assert.True(await stages.CountAsync() >= 6);
        Assert.All(await stages.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.state)"), state => Assert.Equal("ran", state));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(UiServerFixture.ScreenshotFolder, "penguins-pipeline.png"), FullPage = true });

        // The trainer's learning curve, one point per iteration.
        await page.Locator("#dag g.stage[data-stage='train']").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("train");
        await page.SelectOptionAsync("#chart-metric", "validation.accuracy");
        await page.WaitForFunctionAsync("document.querySelector('#chart-area .chart')?.chart?.getOption().series[0].data.length === 30");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(UiServerFixture.ScreenshotFolder, "penguins-train.png"), FullPage = true });

        // The confusion matrix the evaluate stage drew, previewed from the content store.
        await page.GotoAsync(Url("/pipelines"));
        await page.Locator("#dag g.stage[data-stage='evaluate']").ClickAsync();
        await page.ClickAsync("#artifacts a[data-artifact='outs/plots/confusion.png']");
        var image = page.Locator("#artifact-preview img.artifact-image");
        Assert.True(await image.EvaluateAsync<int>("img => img.complete ? img.naturalWidth : new Promise(r => img.onload = () => r(img.naturalWidth))") > 0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(UiServerFixture.ScreenshotFolder, "penguins-evaluate.png"), FullPage = true });

        // Models: the champion the quickstart registered, with the card it stored, and the way back to the train run.
        await page.GotoAsync(Url("/"));
        await page.Locator("nav a[data-nav='models']").ClickAsync();
        await Assertions.Expect(page.Locator("#models tr[data-model='penguins']")).ToContainTextAsync("@champion → v1");
        await page.Locator("#models a", new() { HasTextString = "penguins" }).ClickAsync();
        await Assertions.Expect(page.Locator(".model-page")).ToHaveAttributeAsync("data-version", "penguins/1");
        await Assertions.Expect(page.Locator("#card-origin")).ToContainTextAsync("as stored with this version");
        await Assertions.Expect(page.Locator("#model-card h1")).ToContainTextAsync("penguins");
        await Assertions.Expect(page.Locator("#card-front-matter")).ToContainTextAsync("model-index:");
        await Assertions.Expect(page.Locator("#model-files tbody tr").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#source-run")).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(UiServerFixture.ScreenshotFolder, "penguins-model.png"), FullPage = true });
        Assert.True(failed.Count == 0, string.Join("\n", failed));
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_tracking is not null)
        {
            await _tracking.DisposeAsync();
        }

        _temp.Dispose();
    }
}
