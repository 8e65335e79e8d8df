using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Ariadne.Tests.Ui;

/// <summary>
/// The monitoring page of a model version in Chromium, against a server whose store holds serving and monitoring runs
/// as spec18 §1 and §3 name them: the drift heat map (cells, drifted ones, the table beside it), prediction drift and
/// rows, the performance curve once labels exist, the alerts newest first, the serving instances, the empty states,
/// an earlier monitor run read from its metrics, and the way there from the model page.
/// </summary>
[Trait("Service", "Chromium")]
[Collection(UiCollection.Name)]
public sealed class MonitoringPageTests(UiServerFixture ui, MonitoringUiFixture monitoring) : IClassFixture<MonitoringUiFixture>
{
    private async Task<(IPage Page, List<string> Errors)> OpenAsync(string fragment)
    {
        var (page, errors) = await ui.NewPageAsync();
        await page.GotoAsync(monitoring.Url(fragment));
        await Expect(page.Locator(".monitoring-page")).ToHaveCountAsync(1);
        return (page, errors);
    }

    private static async Task<JsonElement> ChartOptionAsync(IPage page, string id)
    {
        await Expect(page.Locator($"#{id}")).ToHaveAttributeAsync("data-rendered", "true");
        var json = await page.EvaluateAsync<string>($"() => JSON.stringify(document.getElementById('{id}').chart.getOption())");
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    [Fact]
    public async Task Heat_map_has_one_cell_per_feature_and_window_and_marks_exactly_the_drifted_ones()
    {
        var (page, errors) = await OpenAsync("/models/weather/2/monitoring");
        await Expect(page.Locator(".monitoring-page")).ToHaveAttributeAsync("data-run", monitoring.LatestMonitorRunId);
        var heatmap = page.Locator("#drift-heatmap");
        var cells = MonitoringUiFixture.Features.Length * MonitoringUiFixture.Windows;
        await Expect(heatmap).ToHaveAttributeAsync("data-cells", cells.ToString(CultureInfo.InvariantCulture));
        await Expect(heatmap).ToHaveAttributeAsync("data-drifted", MonitoringUiFixture.Drifted.Length.ToString(CultureInfo.InvariantCulture));
        await Expect(heatmap).ToHaveAttributeAsync("aria-label", new Regex($"{MonitoringUiFixture.Drifted.Length} of {cells} cells drifted"));

        // What the chart draws: [window, feature, drifted] per cell, features on y in the report's order.
        var option = await ChartOptionAsync(page, "drift-heatmap");
        var yFeatures = option.GetProperty("yAxis")[0].GetProperty("data").EnumerateArray().Select(f => f.GetString()).ToArray();
        Assert.Equal(MonitoringUiFixture.Features, yFeatures);
        var drawn = option.GetProperty("series")[0].GetProperty("data").EnumerateArray()
            .Select(d => d.GetProperty("value")).Select(v => (Window: v[0].GetInt32(), Feature: yFeatures[v[1].GetInt32()]!, Drifted: v[2].GetInt32() == 1)).ToList();
        Assert.Equal(cells, drawn.Count);
        Assert.Equal(
            MonitoringUiFixture.Drifted.Select(d => $"{d.Feature}@{d.Window}").Order(),
            drawn.Where(c => c.Drifted).Select(c => $"{c.Feature}@{c.Window}").Order());

        // The table beside it says the same, with the test, statistic, p-value, threshold and rows of each cell.
        var table = page.Locator("#drift-table");
        await Expect(table.Locator("td[data-drifted]")).ToHaveCountAsync(cells);
        await Expect(table.Locator("td[data-drifted='true']")).ToHaveCountAsync(MonitoringUiFixture.Drifted.Length);
        foreach (var (feature, window) in MonitoringUiFixture.Drifted)
        {
            await Expect(table.Locator($"td[data-feature='{feature}'][data-window='{window}']")).ToHaveAttributeAsync("data-drifted", "true");
        }

        var ks = table.Locator("td[data-feature='temp_max'][data-window='3']");
        await Expect(ks).ToHaveAttributeAsync("title", new Regex(@"drifted\ntest ks\nstatistic 0\.31\np-value 0\.004\nthreshold 0\.05\nrows 1300"));
        var distance = table.Locator("td[data-feature='wind'][data-window='1']");
        await Expect(distance).ToHaveAttributeAsync("title", new Regex(@"no drift\ntest wasserstein\nstatistic 0\.04\np-value n/a\nthreshold 0\.1\nrows 1100"));
        await Expect(page.Locator("#monitor-summary td[data-field='read from']")).ToHaveTextAsync("monitor/report.json");
        await Expect(page.Locator("#monitor-summary td[data-field='reference']")).ToContainTextAsync("1096 rows");

        // Prediction drift and rows per window.
        var windows = page.Locator("#windows-table tbody tr");
        await Expect(windows).ToHaveCountAsync(MonitoringUiFixture.Windows);
        await Expect(windows.Nth(0)).ToContainTextAsync("1000");
        await Expect(windows.Nth(3).Locator("td.drifted")).ToContainTextAsync("drifted (chi2)");
        await Expect(windows.Nth(2).Locator("td.drifted")).ToHaveCountAsync(0);
        var rows = await ChartOptionAsync(page, "rows-chart");
        Assert.Equal([1000, 1100, 1200, 1300, 1400], rows.GetProperty("series")[0].GetProperty("data").EnumerateArray().Select(v => v.GetInt32()));
        await Expect(page.Locator("#prediction-drift-chart")).ToHaveAttributeAsync("data-points", "5");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Performance_curve_has_a_point_for_each_labelled_window_only()
    {
        var (page, errors) = await OpenAsync("/models/weather/2/monitoring");
        var chart = page.Locator("#performance-chart");
        var labelled = MonitoringUiFixture.Accuracy.Count(a => a is not null);
        await Expect(chart).ToHaveAttributeAsync("data-points", labelled.ToString(CultureInfo.InvariantCulture));
        await Expect(chart).ToHaveAttributeAsync("data-metrics", "accuracy,f1,auc");
        var option = await ChartOptionAsync(page, "performance-chart");
        var accuracy = option.GetProperty("series").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "accuracy");
        var points = accuracy.GetProperty("data").EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number ? v.GetDouble() : (double?)null).ToArray();
        Assert.Equal(MonitoringUiFixture.Accuracy, points);
        await Expect(page.Locator("#performance-table tbody tr")).ToHaveCountAsync(labelled);
        await Expect(page.Locator("#performance-table tbody tr[data-window='4'] td[data-metric='accuracy']")).ToHaveTextAsync("0.72");
        await Expect(page.Locator("#performance-empty")).ToHaveCountAsync(0);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Alerts_are_listed_newest_first_and_the_serving_instances_with_their_versions()
    {
        var (page, errors) = await OpenAsync("/models/weather/2/monitoring");
        var alerts = page.Locator("#alerts tbody tr");
        await Expect(alerts).ToHaveCountAsync(3);
        await Expect(alerts.Nth(0)).ToContainTextAsync("accuracy 0.72 is below 0.9");
        await Expect(alerts.Nth(1)).ToContainTextAsync("accuracy 0.84 is below 0.9");
        await Expect(alerts.Nth(2)).ToContainTextAsync("drift_share 0.5 is above 0.3");
        await Expect(alerts.Nth(0)).ToHaveAttributeAsync("data-rule", "accuracy_low");
        await Expect(page.Locator("#alerts")).Not.ToContainTextAsync("an alert of version 1");
        await Expect(page.Locator("#checks-summary")).ToContainTextAsync("3 checks");
        var newest = await alerts.Nth(0).Locator("td").Nth(0).TextContentAsync();
        var older = await alerts.Nth(1).Locator("td").Nth(0).TextContentAsync();
        Assert.True(string.CompareOrdinal(newest, older) > 0, $"{newest} should be after {older}");

        var serving = page.Locator("#serving tbody tr");
        await Expect(serving).ToHaveCountAsync(2); // not the other model's instance
        var byAlias = serving.Filter(new() { HasTextString = "127.0.0.1:8080" });
        await Expect(byAlias).ToContainTextAsync("@champion");
        await Expect(byAlias.Locator(".status")).ToHaveTextAsync("RUNNING");
        await Expect(byAlias.Locator("td[data-field='versions']")).ToHaveTextAsync("v2 (2)");
        var byPid = serving.Filter(new() { HasTextString = "pid 4242" });
        await Expect(byPid.Locator(".status")).ToHaveTextAsync("FINISHED");
        await Expect(byPid.Locator("td[data-field='versions']")).ToHaveTextAsync("v1 (2), v2 (1)");
        await Expect(page.Locator("#prediction-batches")).ToHaveTextAsync("3 prediction batches logged for v2.");
        await Expect(page.Locator("#no-predictions")).ToHaveCountAsync(0);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task An_earlier_monitor_run_is_read_from_its_metrics_and_says_no_labels_yet()
    {
        var (page, errors) = await OpenAsync("/models/weather/2/monitoring");
        await Expect(page.Locator("#monitor-run option")).ToHaveCountAsync(2);
        await page.Locator("#monitor-run").SelectOptionAsync(monitoring.EarlierMonitorRunId);
        await Expect(page).ToHaveURLAsync(new Regex($"run={monitoring.EarlierMonitorRunId}"));
        await Expect(page.Locator(".monitoring-page")).ToHaveAttributeAsync("data-run", monitoring.EarlierMonitorRunId);
        await Expect(page.Locator("#monitor-summary td[data-field='read from']")).ToContainTextAsync("metrics");
        var heatmap = page.Locator("#drift-heatmap");
        await Expect(heatmap).ToHaveAttributeAsync("data-cells", "6");
        await Expect(heatmap).ToHaveAttributeAsync("data-drifted", "1");
        await Expect(page.Locator("#drift-table td[data-drifted='true']")).ToHaveAttributeAsync("data-feature", "temp_max");
        await Expect(page.Locator("#drift-table td[data-drifted='true']")).ToHaveAttributeAsync("data-window", "2");
        await Expect(page.Locator("#drift-table td[data-feature='temp_max'][data-window='2']")).ToHaveAttributeAsync("title", new Regex(@"score 0\.001\nrows 1200"));
        await Expect(page.Locator("#performance-empty")).ToContainTextAsync("No labels yet");
        await Expect(page.Locator("#performance-empty")).ToContainTextAsync("ariadne monitor labels FILE --id COL --label COL models:/weather@champion");
        await Expect(page.Locator("#performance-chart")).ToHaveCountAsync(0);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_version_nobody_serves_or_monitors_says_what_to_run()
    {
        var (page, errors) = await OpenAsync("/models/unwatched/1/monitoring");
        await Expect(page.Locator("#no-monitor-run")).ToContainTextAsync("No monitor run yet");
        await Expect(page.Locator("#no-monitor-run")).ToContainTextAsync("ariadne monitor run models:/unwatched/1");
        await Expect(page.Locator("#no-predictions")).ToContainTextAsync("No predictions logged yet");
        await Expect(page.Locator("#no-predictions")).ToContainTextAsync("ariadne serve models:/unwatched/1");
        await Expect(page.Locator("#no-alerts")).ToContainTextAsync("No checks yet");
        await Expect(page.Locator("#drift-heatmap, #performance-chart, #serving, #alerts")).ToHaveCountAsync(0);
        Assert.Empty(errors);

        var (missing, _) = await ui.NewPageAsync();
        await missing.GotoAsync(monitoring.Url("/models/weather/9/monitoring"));
        await Expect(missing.Locator("#view .error")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task In_dark_mode_the_heat_map_and_its_table_take_the_dark_palette()
    {
        var (page, errors) = await ui.NewPageAsync();
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Dark });
        await page.GotoAsync(monitoring.Url("/models/weather/2/monitoring"));
        var option = await ChartOptionAsync(page, "drift-heatmap");
        var pieces = option.GetProperty("visualMap")[0].GetProperty("pieces");
        Assert.Equal("#ff8f84", pieces[0].GetProperty("color").GetString()); // --bad of the dark palette
        Assert.Equal("#5fd39a", pieces[1].GetProperty("color").GetString()); // --ok
        var cell = page.Locator("#drift-table td[data-feature='wind'][data-window='4']");
        Assert.Equal("rgb(61, 29, 27)", await cell.EvaluateAsync<string>("td => getComputedStyle(td).backgroundColor")); // --bad-bg
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_model_page_links_to_monitoring_and_back()
    {
        var (page, errors) = await ui.NewPageAsync(1400, 1800);
        await page.GotoAsync(monitoring.Url("/models/weather/2"));
        await Expect(page.Locator(".model-page")).ToHaveAttributeAsync("data-version", "weather/2");
        await page.Locator("#monitoring-tab").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("#/models/weather/2/monitoring$"));
        await Expect(page.Locator(".monitoring-page h1")).ToHaveTextAsync("weather v2: monitoring");
        await Expect(page.Locator(".model-page")).ToHaveCountAsync(0);
        await Expect(page.Locator("nav a[data-nav='models']")).ToHaveClassAsync(new Regex("active"));
        await Expect(page.Locator("#monitoring-tab")).ToHaveAttributeAsync("aria-current", "page");
        foreach (var chart in new[] { "drift-heatmap", "prediction-drift-chart", "rows-chart", "performance-chart" })
        {
            await Expect(page.Locator($"#{chart}")).ToHaveAttributeAsync("data-rendered", "true");
        }

        // With ARIADNE_DOCS_SCREENSHOTS=1 the screenshot also goes to docs/images/ (docs/ui.md shows it).
        var screenshot = Path.Combine(UiServerFixture.ScreenshotFolder, "monitoring.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        if (Environment.GetEnvironmentVariable("ARIADNE_DOCS_SCREENSHOTS") == "1")
        {
            File.Copy(screenshot, Path.Combine(UiServerFixture.RepositoryRoot(), "docs", "images", "monitoring.png"), overwrite: true);
        }

        await page.Locator("#version-tab").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("#/models/weather/2$"));
        await Expect(page.Locator(".model-page")).ToHaveAttributeAsync("data-version", "weather/2");
        Assert.Empty(errors);
    }
}
