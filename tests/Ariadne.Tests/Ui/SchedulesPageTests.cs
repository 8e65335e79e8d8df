using System.Text.RegularExpressions;
using Ariadne.Remotes;
using Ariadne.Server;
using Ariadne.Tests.Support;
using Ariadne.Tracking;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Ariadne.Tests.Ui;

/// <summary>
/// The schedules page in Chromium, over a server of a workspace with two schedules (a cron one in Berlin time that
/// ran twice through 'ariadne schedule run-now', one failed, and a dataset one that never ran).
/// </summary>
[Trait("Service", "Chromium")]
public sealed class SchedulesPageTests : IAsyncLifetime
{
    private readonly TestWorkspace _workspace = new();
    private TrackingClient? _tracking;
    private TrackingServer? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        _workspace.Write("ariadne.yaml", """
            schedules:
              nightly:
                command: "test -f ok || { echo no ok file; exit 2; }; echo exported"
                cron: "0 6 * * *"
                timezone: Europe/Berlin
              retrain:
                command: "echo retrain"
                on_dataset: penguins
            """);
        Assert.Equal(2, _workspace.Cli("schedule", "run-now", "nightly").ExitCode);
        _workspace.Write("ok", "");
        _workspace.CliOk("schedule", "run-now", "nightly");
        _tracking = TrackingClient.Open(folder: _workspace.Root);
        var workspace = _workspace.Open();
        _server = await TrackingServer.StartAsync(new TrackingServerOptions
        {
            Store = _tracking.Store,
            Artifacts = ObjectStoreRegistry.Open(new RemoteSettings("artifacts", workspace.Cache.ObjectsFolder, new Dictionary<string, string>())),
            Port = 0,
            Workspace = workspace,
        });
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

        _workspace.Dispose();
    }

    [Fact]
    public async Task Schedules_page_lists_triggers_next_times_and_last_runs_linked_to_their_run_pages()
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                errors.Add($"{response.Status} {response.Url}");
            }
        };

        await page.GotoAsync(new Uri(_server!.Address, "/#/").ToString());
        await page.Locator("nav a[data-nav='schedules']").ClickAsync();
        await Expect(page.Locator("nav a[data-nav='schedules']")).ToHaveClassAsync(new Regex("active"));

        var nightly = page.Locator("#schedules tr[data-schedule='nightly']");
        await Expect(nightly).ToContainTextAsync("0 6 * * * (Europe/Berlin)");
        await Expect(nightly.Locator("td[data-next]")).ToHaveTextAsync(new Regex(@"^\d{4}-\d\d-\d\dT06:00:00\+0[12]:00$"));
        await Expect(nightly).ToContainTextAsync("FINISHED");
        var retrain = page.Locator("#schedules tr[data-schedule='retrain']");
        await Expect(retrain).ToContainTextAsync("new version of penguins");
        await Expect(retrain).ToContainTextAsync("never");

        var history = page.Locator("[data-schedule-runs='nightly'] tbody tr");
        await Expect(history).ToHaveCountAsync(2);
        await Expect(history.Nth(0)).ToContainTextAsync("FINISHED");
        await Expect(history.Nth(1)).ToContainTextAsync("FAILED");
        await Expect(history.Nth(1)).ToContainTextAsync("manual");

        var runs = await ScheduleRunIdsAsync();
        var failed = runs.Single(r => r.Info.Status == RunStatus.Failed).Info.RunId;
        await history.Nth(1).Locator("a").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"#/runs/{failed}$"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(UiServerFixture.ScreenshotFolder, "schedule-run.png") });
        Assert.Empty(errors);
    }

    private async Task<IReadOnlyList<Run>> ScheduleRunIdsAsync()
    {
        var experiment = await _tracking!.Store.GetExperimentByNameAsync(Ariadne.Schedules.ScheduleKeys.Experiment, CancellationToken.None);
        return (await _tracking.Store.SearchRunsAsync(new RunSearch([experiment!.ExperimentId]), CancellationToken.None)).Runs;
    }
}
