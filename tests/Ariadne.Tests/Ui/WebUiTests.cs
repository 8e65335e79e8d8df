using System.Globalization;
using Microsoft.Playwright;

namespace Ariadne.Tests.Ui;

/// <summary>
/// The web UI as a person uses it, in Debian's Chromium: every page opens without script errors, the runs table
/// filters (valid and invalid expressions), sorts and pages, runs are selected and compared, a chart zooms and keeps
/// its zoom in the URL, an artifact previews and downloads byte for byte. Each test saves screenshots.
/// </summary>
[Trait("Service", "Chromium")]
[Collection(UiCollection.Name)]
public sealed class WebUiTests(UiServerFixture ui)
{
    [Fact]
    public async Task Experiments_list_shows_every_experiment_with_its_run_count()
    {
        var (page, errors) = await ui.NewPageAsync();
        await page.GotoAsync(ui.Url("/"));
        var penguins = page.Locator($"#experiments tr[data-experiment='{ui.PenguinsExperimentId}']");
        await Assertions.Expect(penguins).ToContainTextAsync("penguins");

        // 24 trials and the sweep's parent run.
        Assert.Equal((UiServerFixture.PenguinRuns + 1).ToString(CultureInfo.InvariantCulture), await penguins.Locator("td").Nth(1).InnerTextAsync());
        await Assertions.Expect(page.Locator($"#experiments tr[data-experiment='{ui.GeneratedExperimentId}'] td").Nth(1)).ToHaveTextAsync("10000");
        await ScreenshotAsync(page, "experiments");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Runs_table_filters_with_the_search_grammar_and_keeps_the_filter_in_the_url()
    {
        var (page, errors) = await ui.NewPageAsync();
        await page.GotoAsync(ui.Url($"/experiments/{ui.PenguinsExperimentId}"));
        // The sweep's row and 22 trials; its two nested trials wait under it until it is expanded.
        await Assertions.Expect(page.Locator("#runs tbody tr")).ToHaveCountAsync(UiServerFixture.PenguinRuns - 1);

        await page.FillAsync("#filter", "metrics.acc > 0.9 and params.optimizer = 'adam'");
        await page.ClickAsync("#filter-form button[type=submit]");

        var expected = ui.Penguins.Where(p => p.Accuracy > 0.9 && p.Optimizer == "adam").Select(p => p.Name).Order().ToList();
        Assert.NotEmpty(expected);
        await Assertions.Expect(page.Locator("#runs tbody tr")).ToHaveCountAsync(expected.Count);
        var names = await page.Locator("#runs tbody tr td:nth-child(2)").AllInnerTextsAsync();
        Assert.Equal(expected, names.Order().ToList());
        Assert.Contains("filter=metrics.acc", Uri.UnescapeDataString(page.Url).Replace('+', ' '), StringComparison.Ordinal);
        await ScreenshotAsync(page, "runs-filtered");

        // The link alone restores the view.
        var (again, _) = await ui.NewPageAsync();
        await again.GotoAsync(page.Url);
        await Assertions.Expect(again.Locator("#runs tbody tr")).ToHaveCountAsync(expected.Count);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task An_invalid_filter_shows_the_servers_message_with_the_position_inline()
    {
        var (page, errors) = await ui.NewPageAsync();
        await page.GotoAsync(ui.Url($"/experiments/{ui.PenguinsExperimentId}"));
        await page.FillAsync("#filter", "metrics.acc >> 0.9");
        await page.ClickAsync("#filter-form button[type=submit]");

        var error = page.Locator("#filter-error");
        await Assertions.Expect(error).ToBeVisibleAsync();
        await Assertions.Expect(error).ToContainTextAsync("Invalid filter at position");
        Assert.Equal("metrics.acc >> 0.9", await page.InputValueAsync("#filter"));
        await ScreenshotAsync(page, "runs-invalid-filter");
        Assert.Equal(["400 POST " + new Uri(ui.Address, "/api/ariadne/runs/search")], errors); // the refused search, and nothing else
    }

    [Fact]
    public async Task Columns_can_be_chosen_and_sorting_by_a_metric_puts_the_best_run_first()
    {
        var (page, errors) = await ui.NewPageAsync();
        await page.GotoAsync(ui.Url($"/experiments/{ui.PenguinsExperimentId}?cols=none"));
        await page.ClickAsync("#column-chooser summary");
        await page.CheckAsync("#column-chooser input[data-column='metrics.acc']");
        await Assertions.Expect(page.Locator("#runs thead")).ToContainTextAsync("metrics.acc");
        await page.CheckAsync("#column-chooser input[data-column='params.lr']"); // the picker stays open
        await Assertions.Expect(page.Locator("#runs thead")).ToContainTextAsync("params.lr");

        await page.ClickAsync("#runs thead a:has-text('metrics.acc')");
        await Assertions.Expect(page.Locator("#runs thead a.sorted")).ToContainTextAsync("▼");
        var best = ui.Penguins.MaxBy(p => p.Accuracy);
        await Assertions.Expect(page.Locator("#runs tbody tr").First).ToContainTextAsync(best.Name);
        Assert.Contains("cols=metrics.acc", Uri.UnescapeDataString(page.Url), StringComparison.Ordinal);
        await ScreenshotAsync(page, "runs-columns-sorted");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Selected_runs_are_compared_with_differing_params_highlighted_curves_and_parallel_coordinates()
    {
        var (page, errors) = await ui.NewPageAsync();
        await page.GotoAsync(ui.Url($"/experiments/{ui.PenguinsExperimentId}"));
        var chosen = ui.Penguins.Skip(2).Take(3).ToList(); // top-level trials (the first two are nested under the sweep)
        foreach (var run in chosen)
        {
            await page.CheckAsync($"#runs tr[data-run='{run.RunId}'] input.select");
        }

        await Assertions.Expect(page.Locator("#compare")).ToHaveTextAsync("Compare selected (3)");
        await page.ClickAsync("#compare");
        await Assertions.Expect(page.Locator("#compare-params thead th")).ToHaveCountAsync(4);

        // lr, depth and optimizer all differ among trials 2, 3 and 4.
        foreach (var param in new[] { "lr", "depth", "optimizer" })
        {
            await Assertions.Expect(page.Locator($"#compare-params tr[data-param='{param}']")).ToHaveClassAsync("differs");
        }

        await Assertions.Expect(page.Locator("#compare-metrics tr[data-metric='acc'] td")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#chart-area .chart[data-rendered='true']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#parallel[data-rendered='true']")).ToHaveCountAsync(1);
        Assert.Equal(3, await page.EvaluateAsync<int>("document.querySelector('#chart-area .chart').chart.getOption().series.length"));
        await ScreenshotAsync(page, "compare");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_chart_of_a_hundred_thousand_points_draws_downsampled_zooms_and_keeps_the_zoom_in_the_url()
    {
        var (page, errors) = await ui.NewPageAsync();
        await page.GotoAsync(ui.Url($"/runs/{ui.LongRunId}?metric=loss"));
        var chart = page.Locator("#chart-area .chart[data-rendered='true']");
        await Assertions.Expect(chart).ToHaveCountAsync(1);
        var points = await page.EvaluateAsync<int>("document.querySelector('#chart-area .chart').chart.getOption().series[0].data.length");
        Assert.InRange(points, 100, 2_000); // the server sent a downsampled history, not 100,000 points

        var box = (await chart.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + (box.Width / 2), box.Y + (box.Height / 2));
        await page.Mouse.WheelAsync(0, -600);
        await Assertions.Expect(chart).Not.ToHaveAttributeAsync("data-zoom", "0.00,100.00");
        await Assertions.Expect(chart).ToHaveAttributeAsync("data-zoom", new System.Text.RegularExpressions.Regex(@"^\d+\.\d\d,\d+\.\d\d$"));
        var zoom = await chart.GetAttributeAsync("data-zoom");
        Assert.Contains("zoom=" + zoom, Uri.UnescapeDataString(page.Url), StringComparison.Ordinal);

        // Log scale and smoothing are URL state too.
        await page.CheckAsync("#chart-log");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("log=1"));
        await page.WaitForFunctionAsync("document.querySelector('#chart-area .chart')?.chart?.getOption().yAxis[0].type === 'log'");
        await ScreenshotAsync(page, "chart-zoomed-log");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Run_page_shows_params_metrics_inputs_environment_and_nesting()
    {
        var (page, errors) = await ui.NewPageAsync();
        var trial = ui.Penguins[0];
        await page.GotoAsync(ui.Url($"/runs/{trial.RunId}"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(trial.Name);
        await Assertions.Expect(page.Locator("#params")).ToContainTextAsync("optimizer");
        await Assertions.Expect(page.Locator("#metrics")).ToContainTextAsync("acc");
        await Assertions.Expect(page.Locator("#inputs")).ToContainTextAsync("penguins");
        await Assertions.Expect(page.Locator("#inputs")).ToContainTextAsync(ui.DatasetHash[..12]);
        await Assertions.Expect(page.Locator("#environment")).ToContainTextAsync("host");
        await Assertions.Expect(page.Locator("#parent-run")).ToHaveTextAsync("sweep"); // the parent by name, its id in data-run
        await Assertions.Expect(page.Locator("#parent-run")).ToHaveAttributeAsync("data-run", ui.ParentRunId);
        await Assertions.Expect(page.Locator("#chart-area .chart[data-rendered='true']")).ToHaveCountAsync(1);
        await ScreenshotAsync(page, "run");

        await page.ClickAsync("#parent-run");
        await Assertions.Expect(page.Locator("#child-runs li")).ToHaveCountAsync(2);
        await ScreenshotAsync(page, "run-parent");

        await page.GotoAsync(ui.Url($"/runs/{ui.CommandRunId}"));
        await Assertions.Expect(page.Locator("#run-log pre")).ToContainTextAsync("hello from the command");
        await ScreenshotAsync(page, "run-command-log");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Artifacts_preview_as_table_image_json_and_text_and_download_byte_for_byte()
    {
        var (page, errors) = await ui.NewPageAsync();
        await page.GotoAsync(ui.Url($"/runs/{ui.ArtifactRunId}"));
        await page.ClickAsync("#artifacts a[data-artifact='data/sample.csv']");
        var preview = page.Locator("#artifact-preview table.csv");
        await Assertions.Expect(preview.Locator("tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(preview.Locator("tbody tr").Nth(2).Locator("td").First).ToHaveTextAsync("Chinstrap, pale");
        await ScreenshotAsync(page, "artifact-csv");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#artifact-preview a.download"));
        var saved = Path.Combine(Path.GetTempPath(), "ariadne-ui-" + Guid.NewGuid().ToString("N"));
        await download.SaveAsAsync(saved);
        try
        {
            Assert.Equal("sample.csv", download.SuggestedFilename);
            Assert.Equal(ui.CsvBytes, await File.ReadAllBytesAsync(saved));
        }
        finally
        {
            File.Delete(saved);
        }

        await page.ClickAsync("#artifacts a[data-artifact='plots/confusion.png']");
        var image = page.Locator("#artifact-preview img.artifact-image");
        await Assertions.Expect(image).ToBeVisibleAsync();
        Assert.Equal(64, await image.EvaluateAsync<int>("img => img.complete ? img.naturalWidth : new Promise(r => img.onload = () => r(img.naturalWidth))"));
        await ScreenshotAsync(page, "artifact-image");

        await page.ClickAsync("#artifacts a[data-artifact='metrics.json']");
        await Assertions.Expect(page.Locator("#artifact-preview pre.json")).ToContainTextAsync("\"accuracy\": 0.97");
        await page.ClickAsync("#artifacts a[data-artifact='README.txt']");
        await Assertions.Expect(page.Locator("#artifact-preview pre.text")).ToContainTextAsync("Trained on penguins@v1.");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_sealed_part_an_older_split_run_logged_is_not_previewed_and_the_page_says_how_to_read_it()
    {
        var (page, errors) = await ui.NewPageAsync();
        await page.GotoAsync(ui.Url($"/runs/{ui.ArtifactRunId}"));

        await page.ClickAsync("#artifacts a[data-artifact='outs/split/test.csv']");

        var refused = page.Locator("#artifact-preview .error");
        await Assertions.Expect(refused).ToContainTextAsync("sealed part 'test'");
        await Assertions.Expect(refused).ToContainTextAsync("ariadne holdout read");
        Assert.Equal(0, await page.Locator("#artifact-preview table.csv").CountAsync());
        Assert.StartsWith("403 GET", Assert.Single(errors), StringComparison.Ordinal);
        await page.ClickAsync("#artifacts a[data-artifact='outs/split/split.json']");
        await Assertions.Expect(page.Locator("#artifact-preview pre.json")).ToContainTextAsync("\"sealed\": true");
    }

    [Fact]
    public async Task Datasets_page_lists_versions_and_the_runs_that_read_each_with_their_roles()
    {
        var (page, errors) = await ui.NewPageAsync();
        await page.GotoAsync(ui.Url("/datasets"));
        var version = page.Locator("#dataset-versions tr[data-dataset='penguins@v1']");
        await Assertions.Expect(version).ToBeVisibleAsync();
        await version.Locator("a").First.ClickAsync();
        var uses = page.Locator("#dataset-uses tbody tr");
        await Assertions.Expect(uses.First).ToBeVisibleAsync();
        Assert.Equal(UiServerFixture.PenguinRuns, await uses.CountAsync());
        await Assertions.Expect(page.Locator("#dataset-uses")).ToContainTextAsync("test");
        await Assertions.Expect(page.Locator("#dataset-uses")).ToContainTextAsync("train");
        await Assertions.Expect(page.Locator("#dataset-reports a[data-report='profiles/penguins.profile.json']")).ToHaveCountAsync(1);
        await ScreenshotAsync(page, "datasets");
        await page.ClickAsync("#dataset-reports a[data-report='profiles/penguins.profile.json']");
        await Assertions.Expect(page.Locator("#artifact-preview pre.json")).ToContainTextAsync("\"mean\": 42.6");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Pipelines_page_draws_the_last_pipeline_runs_graph_with_what_each_stage_did()
    {
        var (page, errors) = await ui.NewPageAsync();
        await page.GotoAsync(ui.Url("/pipelines"));
        await Assertions.Expect(page.Locator("#dag svg g.stage")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#dag path.edge")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#stages tr[data-stage='prepare']")).ToHaveAttributeAsync("data-state", "up to date");
        await Assertions.Expect(page.Locator("#stages tr[data-stage='train']")).ToHaveAttributeAsync("data-state", "up to date");
        await Assertions.Expect(page.Locator("#stages tr[data-stage='evaluate']")).ToHaveAttributeAsync("data-state", "ran");
        await Assertions.Expect(page.Locator("#stages tr[data-stage='evaluate'] td").Nth(4)).ToHaveTextAsync("prepare, train");
        await Assertions.Expect(page.Locator("#dag path.edge[data-edge='train->evaluate']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#dag path.edge[data-edge='prepare->evaluate']")).ToHaveCountAsync(0); // implied by prepare -> train -> evaluate
        await Assertions.Expect(page.Locator("#pipeline-runs tbody tr")).ToHaveCountAsync(2);
        await ScreenshotAsync(page, "pipelines");

        // The first pipeline run ran every stage; its stage rows link to the stage runs.
        await page.Locator("#pipeline-runs tbody tr").Nth(1).Locator("a").First.ClickAsync();
        await Assertions.Expect(page.Locator("#stages tr[data-stage='prepare']")).ToHaveAttributeAsync("data-state", "ran");
        await page.Locator("#dag g.stage[data-stage='train']").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("train");
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task Ten_thousand_runs_page_by_a_hundred_and_sort_on_the_server()
    {
        var (page, errors) = await ui.NewPageAsync();
        await page.GotoAsync(ui.Url($"/experiments/{ui.GeneratedExperimentId}?order=metrics.score%20DESC&cols=metrics.score,params.batch"));
        await Assertions.Expect(page.Locator("#page-info")).ToHaveTextAsync("Runs 1–100");
        await Assertions.Expect(page.Locator("#run-count")).ToHaveTextAsync(" of 10,000");
        var first = double.Parse(await page.Locator("#runs tbody tr").First.Locator("td").Nth(6).InnerTextAsync(), CultureInfo.InvariantCulture);
        Assert.Equal(0.9999, first, 6); // score = i * 7919 mod 10000 / 10000 reaches 0.9999 once
        await page.ClickAsync("#next-page");
        await Assertions.Expect(page.Locator("#page-info")).ToHaveTextAsync("Runs 101–200");
        var next = double.Parse(await page.Locator("#runs tbody tr").First.Locator("td").Nth(6).InnerTextAsync(), CultureInfo.InvariantCulture);
        Assert.True(next < first);
        await ScreenshotAsync(page, "runs-10k");
        Assert.Empty(errors);
    }

    private static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(UiServerFixture.ScreenshotFolder, name + ".png"), FullPage = true });
}
