using System.Text.Json;
using Ariadne.Tests.Support;
using Microsoft.Playwright;

namespace Ariadne.Tests.Ui;

/// <summary>
/// 'ariadne plots show|diff' against a real pipeline in a git repository, and the HTML report opened from disk in
/// Debian's Chromium (no server, no network): it loads without errors and draws one chart per plot with one series per
/// revision and field.
/// </summary>
[Trait("Service", "Chromium")]
public sealed class PlotsReportTests : IAsyncLifetime
{
    private readonly TestWorkspace _ws = new();
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        if (!File.Exists(UiServerFixture.ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is not installed at {UiServerFixture.ChromiumPath}: install Debian's 'chromium' package (./run-tests does).");
        }

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
        _ws.Dispose();
    }

    private void Pipeline()
    {
        _ws.Write("params.yaml", "scale: 1\n");
        _ws.Write("chart.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"20\" height=\"20\"><rect width=\"20\" height=\"20\" fill=\"teal\"/></svg>\n");
        _ws.Write("ariadne.yaml", """
            stages:
              train:
                cmd: >-
                  awk -v s=${scale} 'BEGIN { print "step,train,val"; for (i = 0; i < 5; i++) print i "," (5 - i) * s "," (6 - i) * s }' > loss.csv
                  && echo "[{\"epoch\": \"one\", \"acc\": 0.5}, {\"epoch\": \"two\", \"acc\": 0.7}]" > scores.json
                plots:
                  - loss.csv: {x: step, title: Loss}
                  - scores.json
            plots:
              - accuracy:
                  x: epoch
                  y: {scores.json: acc}
              - chart.svg
            """);
        _ws.CliOk("repro");
        _ws.Commit("pipeline with plots");
        _ws.Write("params.yaml", "scale: 2\n");
        _ws.CliOk("repro");
    }

    [Fact]
    public void Plots_show_json_has_one_series_per_field_from_the_workspace()
    {
        Pipeline();

        var plots = JsonDocument.Parse(_ws.CliOk("plots", "show", "--json").Out).RootElement.EnumerateArray().ToDictionary(p => p.GetProperty("id").GetString()!);

        Assert.Equal(["loss.csv", "scores.json", "accuracy", "chart.svg"], plots.Keys);
        var loss = plots["loss.csv"];
        Assert.Equal("Loss", loss.GetProperty("title").GetString());
        Assert.Equal(["workspace: loss.csv:train", "workspace: loss.csv:val"], loss.GetProperty("series").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        var train = loss.GetProperty("series")[0].GetProperty("points").EnumerateArray().Select(p => (p[0].GetDouble(), p[1].GetDouble())).ToList();
        Assert.Equal([(0, 10), (1, 8), (2, 6), (3, 4), (4, 2)], train.Select(p => ((int)p.Item1, (int)p.Item2)));
        Assert.Equal("one", plots["accuracy"].GetProperty("series")[0].GetProperty("points")[0][0].GetString());
        Assert.Single(plots["chart.svg"].GetProperty("images").EnumerateArray());
    }

    [Fact]
    public async Task Plots_diff_report_opens_offline_in_chromium_with_one_chart_per_plot_and_each_revision_overlaid()
    {
        Pipeline();

        var written = _ws.CliOk("plots", "diff", "-o", "report/plots.html");

        Assert.Contains("Wrote report/plots.html: 4 plot(s), 8 series, 2 image(s) from HEAD, workspace.", written.Out, StringComparison.Ordinal);
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1200, Height = 900 } });
        await context.RouteAsync("**/*", route => route.Request.Url.StartsWith("file:", StringComparison.Ordinal) || route.Request.Url.StartsWith("data:", StringComparison.Ordinal) ? route.ContinueAsync() : route.AbortAsync());
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                errors.Add(message.Text);
            }
        };
        page.RequestFailed += (_, request) => errors.Add("request failed: " + request.Url);

        await page.GotoAsync(new Uri(_ws.Path("report/plots.html")).AbsoluteUri);
        await page.WaitForSelectorAsync("body[data-ready='true']");

        var charts = page.Locator(".chart[data-rendered='true']");
        Assert.Equal(3, await charts.CountAsync());
        Assert.Equal(["4", "2", "2"], await charts.EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.series)"));
        Assert.Equal(3, await page.EvaluateAsync<int>("() => document.querySelectorAll('.chart canvas').length"));
        Assert.Equal(2, await page.Locator("img").CountAsync());
        Assert.Equal(2, await page.EvaluateAsync<int>("() => [...document.images].filter(i => i.complete && i.naturalWidth === 20).length"));
        var names = await page.EvaluateAsync<string[]>("() => echarts.getInstanceByDom(document.querySelector('.chart')).getOption().series.map(s => s.name)");
        Assert.Equal(["HEAD: loss.csv:train", "HEAD: loss.csv:val", "workspace: loss.csv:train", "workspace: loss.csv:val"], names);
        Assert.Empty(errors);
    }

    [Fact]
    public void Plots_diff_with_an_unknown_revision_is_refused_and_writes_nothing()
    {
        Pipeline();

        var refused = _ws.Cli("plots", "diff", "no-such-rev");

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("'no-such-rev' is neither a git revision of this repository nor an experiment's run id", refused.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_ws.Path("plots.html")));
    }
}
