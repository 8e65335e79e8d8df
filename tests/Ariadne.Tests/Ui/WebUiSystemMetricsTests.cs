using Microsoft.Playwright;

namespace Ariadne.Tests.Ui;

/// <summary>A run's system/* metrics have their own section on the run page, apart from the metrics the code logged.</summary>
[Trait("Service", "Chromium")]
[Collection(UiCollection.Name)]
public sealed class WebUiSystemMetricsTests(UiServerFixture ui)
{
    [Fact]
    public async Task Run_page_shows_system_metrics_in_their_own_section_with_a_chart_each()
    {
        var (page, errors) = await ui.NewPageAsync();
        await page.GotoAsync(ui.Url($"/runs/{ui.SystemRunId}"));

        var section = page.Locator("#system-metrics");
        await Assertions.Expect(section.Locator("h2")).ToHaveTextAsync("System metrics");
        await Assertions.Expect(section.Locator("tbody tr td:first-child", new() { HasTextString = "cpu_percent" }).First).ToBeVisibleAsync();
        await Assertions.Expect(section.Locator("tbody tr td:first-child", new() { HasTextString = "memory_mb" }).First).ToBeVisibleAsync();
        var rows = await section.Locator("tbody tr").CountAsync();
        Assert.True(rows >= 4, $"{rows} system metrics");
        await Assertions.Expect(section.Locator(".chart[data-rendered='true']")).ToHaveCountAsync(rows);

        // The logged metric stays in Metrics, which no longer lists the system series.
        await Assertions.Expect(page.Locator("#metrics tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#metrics tbody tr td").First).ToHaveTextAsync("loss");
        Assert.DoesNotContain(await page.Locator("#chart-metric option").AllTextContentsAsync(), k => k.StartsWith("system/", StringComparison.Ordinal));

        // A run without system metrics has no such section.
        await page.GotoAsync(ui.Url($"/runs/{ui.LongRunId}"));
        await Assertions.Expect(page.Locator("#metrics")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#system-metrics")).ToHaveCountAsync(0);
        Assert.Empty(errors);
    }
}
