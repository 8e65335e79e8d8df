using Microsoft.Playwright;

namespace Ariadne.Tests.Ui;

/// <summary>
/// Charts live as long as their view: leaving a view disposes its ECharts instances and their ResizeObservers, so
/// going back and forth between views with charts never piles up instances.
/// </summary>
[Trait("Service", "Chromium")]
[Collection(UiCollection.Name)]
public sealed class WebUiChartLifetimeTests(UiServerFixture ui)
{
    // Counts ECharts instances independently of the app's own bookkeeping: the ones in the page when it is installed
    // plus every one created since, minus every one disposed.
    private const string CountInstances = """
        () => {
          const echarts = window.echarts;
          const counted = window.chartsCounted = { existing: 0, created: 0, disposed: 0 };
          const watch = chart => {
            const dispose = chart.dispose;
            chart.dispose = function (...rest) { counted.disposed++; return dispose.apply(this, rest); };
            return chart;
          };
          document.querySelectorAll('.chart').forEach(element => {
            const chart = echarts.getInstanceByDom(element);
            if (chart) { watch(chart); counted.existing++; }
          });
          const init = echarts.init;
          echarts.init = function (...args) { counted.created++; return watch(init.apply(this, args)); };
        }
        """;

    private const string AliveInstances = "() => window.chartsCounted.existing + window.chartsCounted.created - window.chartsCounted.disposed";

    [Fact]
    public async Task Navigating_between_views_with_charts_many_times_keeps_the_number_of_live_charts_bounded()
    {
        var (page, errors) = await ui.NewPageAsync();
        await page.GotoAsync(ui.Url($"/runs/{ui.LongRunId}?metric=loss"));
        await Assertions.Expect(page.Locator("#chart-area .chart[data-rendered='true']")).ToHaveCountAsync(1);
        await page.EvaluateAsync(CountInstances);
        Assert.Equal(1, await page.EvaluateAsync<int>(AliveInstances));
        var compared = string.Join(",", ui.Penguins.Take(3).Select(p => p.RunId));

        for (var round = 0; round < 6; round++)
        {
            // The compare view: a line chart and parallel coordinates.
            await Navigate(page, $"/compare?runs={compared}");
            await Assertions.Expect(page.Locator("#chart-area .chart[data-rendered='true']")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("#parallel[data-rendered='true']")).ToHaveCountAsync(1);
            await AssertLiveCharts(page, 2);

            // A run's view: one chart.
            await Navigate(page, $"/runs/{ui.LongRunId}?metric=loss");
            await Assertions.Expect(page.Locator("#chart-area .chart[data-rendered='true']")).ToHaveCountAsync(1);
            await AssertLiveCharts(page, 1);

            // A view without charts: none left alive.
            await Navigate(page, "/datasets");
            await Assertions.Expect(page.Locator("#view")).ToHaveAttributeAsync("aria-busy", "false");
            await AssertLiveCharts(page, 0);
        }

        // A view left before its charts were shown (the next navigation starts at once) leaves no wait behind.
        await page.EvaluateAsync($"() => {{ location.hash = '/compare?runs={compared}'; setTimeout(() => location.hash = '/datasets', 0); }}");
        await Assertions.Expect(page.Locator("#view")).ToHaveAttributeAsync("aria-busy", "false");
        await page.WaitForFunctionAsync("() => window.ariadneCharts.waiting() === 0 && window.ariadneCharts.live() === 0");
        Assert.Equal(0, await page.EvaluateAsync<int>(AliveInstances));
        Assert.Empty(errors);
    }

    private static async Task Navigate(IPage page, string fragment)
    {
        await page.EvaluateAsync("hash => { location.hash = hash; }", fragment);
        await page.WaitForFunctionAsync("hash => location.hash === '#' + hash && document.getElementById('view').getAttribute('aria-busy') === 'false'", fragment);
    }

    private static async Task AssertLiveCharts(IPage page, int expected)
    {
        // The app releases the previous view's charts when the new one is mounted, and a replaced chart when its successor is drawn.
        await page.WaitForFunctionAsync($"() => window.ariadneCharts.live() === {expected}");
        Assert.Equal(expected, await page.EvaluateAsync<int>(AliveInstances));
        Assert.Equal(expected, await page.EvaluateAsync<int>("() => [...document.querySelectorAll('.chart')].filter(e => window.echarts.getInstanceByDom(e)).length"));
    }
}
