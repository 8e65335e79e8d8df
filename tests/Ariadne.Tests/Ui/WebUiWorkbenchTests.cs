using System.Globalization;
using Microsoft.Playwright;

namespace Ariadne.Tests.Ui;

/// <summary>
/// Issue 21 in Debian's Chromium: the runs table's columns, picker, fixed header, count, nesting, grouping and selection
/// across pages; compare's best by direction; single-point charts and the chart grid; the sweep page; the pipeline
/// graph by keyboard; breadcrumbs, titles and linked ids; the datasets page's untagged data; notes and tags; contrast,
/// the live region and dark mode. With ARIADNE_DOCS_SCREENSHOTS=1 the screenshots also go to docs/images/.
/// </summary>
[Trait("Service", "Chromium")]
[Collection(UiCollection.Name)]
public sealed class WebUiWorkbenchTests(UiServerFixture ui)
{
    private string Runs => $"/experiments/{ui.PenguinsExperimentId}";

    [Fact]
    public async Task Every_chosen_column_has_its_own_header_and_no_columns_leaves_no_stray_header()
    {
        var (page, errors) = await ui.NewPageAsync();
        await page.GotoAsync(ui.Url($"{Runs}?cols=metrics.acc,params.lr,params.depth"));
        var headers = page.Locator("#runs thead th");
        await Assertions.Expect(headers).ToHaveCountAsync(6 + 3);
        Assert.Equal(["metrics.acc", "params.lr", "params.depth"], (await headers.AllInnerTextsAsync()).Skip(6).ToArray());
        var trial = ui.Penguins[4];
        var cells = page.Locator($"#runs tr[data-run='{trial.RunId}'] td");
        await Assertions.Expect(cells).ToHaveCountAsync(6 + 3);
        Assert.Equal(trial.Lr.ToString(CultureInfo.InvariantCulture), await cells.Nth(7).InnerTextAsync()); // under params.lr
        Assert.Equal(trial.Depth.ToString(CultureInfo.InvariantCulture), await cells.Nth(8).InnerTextAsync());

        // Name and Start stay on one line.
        var height = await cells.Nth(4).EvaluateAsync<double>("td => td.getBoundingClientRect().height");
        var line = await cells.Nth(4).EvaluateAsync<double>("td => parseFloat(getComputedStyle(td).lineHeight) || 20");
        Assert.True(height < line * 2, $"the start time wraps: {height}px for a {line}px line");

        await page.GotoAsync(ui.Url($"{Runs}?cols=none"));
        await Assertions.Expect(page.Locator("#runs thead th")).ToHaveCountAsync(6);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Runs_table_shows_the_experiments_metrics_and_params_by_default_with_a_fixed_header_and_the_total()
    {
        var (page, errors) = await ui.NewPageAsync(1400, 600);
        await page.GotoAsync(ui.Url(Runs));
        var headers = page.Locator("#runs thead th[data-column]");
        await Assertions.Expect(headers).ToHaveCountAsync(6); // metrics acc, classes, loss; params depth, lr, optimizer
        Assert.Equal(["metrics.acc", "metrics.classes", "metrics.loss", "params.depth", "params.lr", "params.optimizer"],
            await headers.EvaluateAllAsync<string[]>("ths => ths.map(th => th.dataset.column)"));
        await Assertions.Expect(page.Locator("#run-count")).ToHaveTextAsync($" of {UiServerFixture.PenguinRuns + 1}");

        // Scrolled, the header stays at the top of the table's area.
        await page.Locator("#runs-scroll").EvaluateAsync("area => area.scrollTop = 400");
        var offset = await page.EvaluateAsync<double>("() => document.querySelector('#runs thead th').getBoundingClientRect().top - document.querySelector('#runs-scroll').getBoundingClientRect().top");
        Assert.InRange(offset, -1, 2);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Column_picker_stays_open_searches_and_offers_tags()
    {
        var (page, errors) = await ui.NewPageAsync();
        await page.GotoAsync(ui.Url($"{Runs}?cols=none"));
        await page.ClickAsync("#column-chooser summary");
        await page.FillAsync("#column-search", "opt");
        await Assertions.Expect(page.Locator("#column-chooser label:visible")).ToHaveCountAsync(1);
        await page.CheckAsync("#column-chooser input[data-column='params.optimizer']");
        await page.FillAsync("#column-search", "kind");
        await page.CheckAsync("#column-chooser input[data-column='tags.kind']"); // the sweep's tag
        await Assertions.Expect(page.Locator("#column-chooser")).ToHaveAttributeAsync("open", "");
        await Assertions.Expect(page.Locator("#runs thead th[data-column]")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator($"#runs tr[data-run='{ui.ParentRunId}'] td").Nth(7)).ToHaveTextAsync("sweep");
        Assert.Contains("cols=params.optimizer,tags.kind", Uri.UnescapeDataString(page.Url), StringComparison.Ordinal);
        await DocsScreenshotAsync(page, "runs-column-picker", fullPage: false);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Selection_survives_paging_and_the_disabled_compare_button_is_not_focusable()
    {
        var (page, errors) = await ui.NewPageAsync();
        await page.GotoAsync(ui.Url($"/experiments/{ui.GeneratedExperimentId}?cols=metrics.score"));
        var compare = page.Locator("#compare");
        await Assertions.Expect(compare).ToBeDisabledAsync();
        await compare.EvaluateAsync("b => b.focus()");
        Assert.False(await compare.EvaluateAsync<bool>("b => document.activeElement === b"));

        var first = page.Locator("#runs tbody tr").First;
        var firstId = await first.GetAttributeAsync("data-run");
        await first.Locator("input.select").CheckAsync();
        await page.ClickAsync("#next-page");
        await Assertions.Expect(page.Locator("#page-info")).ToHaveTextAsync("Runs 101–200");
        await page.Locator("#runs tbody tr").First.Locator("input.select").CheckAsync();
        await Assertions.Expect(compare).ToHaveTextAsync("Compare selected (2)");
        await Assertions.Expect(compare).ToBeEnabledAsync();
        await page.ClickAsync("a:has-text('← Previous')");
        await Assertions.Expect(page.Locator($"#runs tr[data-run='{firstId}'] input.select")).ToBeCheckedAsync();
        await Assertions.Expect(compare).ToHaveTextAsync("Compare selected (2)");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Runs_nest_under_their_parents_and_group_by_a_param_with_mean_min_and_max()
    {
        var (page, errors) = await ui.NewPageAsync();
        await page.GotoAsync(ui.Url(Runs));
        var nested = page.Locator($"#runs tr[data-run='{ui.Penguins[0].RunId}']");
        await Assertions.Expect(nested).ToHaveCountAsync(0);
        var expand = page.Locator($"#runs tr[data-run='{ui.ParentRunId}'] button.expand");
        await Assertions.Expect(expand).ToHaveAttributeAsync("aria-expanded", "false");
        await expand.ClickAsync();
        await Assertions.Expect(nested).ToHaveAttributeAsync("data-depth", "1");
        await Assertions.Expect(nested.Locator("td.parent")).ToHaveTextAsync("sweep");
        await DocsScreenshotAsync(page, "runs-nested", fullPage: false);

        await page.SelectOptionAsync("#group-by", "params.lr");
        var groups = page.Locator("#runs tr.group-row");
        await Assertions.Expect(groups).ToHaveCountAsync(4); // 0.001, 0.01, 0.1 and the sweep run without lr
        var tenth = ui.Penguins.Where(p => p.Lr == 0.1).Select(p => p.Accuracy).ToList();
        var row = page.Locator("#runs tr.group-row[data-group='0.1']");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-runs", tenth.Count.ToString(CultureInfo.InvariantCulture));
        var accuracy = row.Locator("td[data-mean]").First;
        Assert.Equal(tenth.Average(), double.Parse((await accuracy.GetAttributeAsync("data-mean"))!, CultureInfo.InvariantCulture), 9);
        Assert.Equal(tenth.Min(), double.Parse((await accuracy.GetAttributeAsync("data-min"))!, CultureInfo.InvariantCulture), 9);
        Assert.Equal(tenth.Max(), double.Parse((await accuracy.GetAttributeAsync("data-max"))!, CultureInfo.InvariantCulture), 9);
        await DocsScreenshotAsync(page, "runs-grouped", fullPage: false);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Compare_marks_the_best_by_the_metrics_direction_and_not_when_every_run_agrees()
    {
        var (page, errors) = await ui.NewPageAsync();
        var trials = ui.Penguins.Skip(2).Take(4).ToList();
        await page.GotoAsync(ui.Url($"/compare?runs={string.Join(",", trials.Select(t => t.RunId))}"));
        var acc = page.Locator("#compare-metrics tr[data-metric='acc']");
        await Assertions.Expect(acc).ToHaveAttributeAsync("data-goal", "max");
        var best = trials.IndexOf(trials.MaxBy(t => t.Accuracy));
        await Assertions.Expect(acc.Locator("td.best")).ToHaveCountAsync(1);
        await Assertions.Expect(acc.Locator("td").Nth(best)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("best"));

        var loss = page.Locator("#compare-metrics tr[data-metric='loss']");
        await Assertions.Expect(loss).ToHaveAttributeAsync("data-goal", "min");
        var values = (await loss.Locator("td").AllInnerTextsAsync()).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList();
        await Assertions.Expect(loss.Locator("td").Nth(values.IndexOf(values.Min()))).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("best"));
        await Assertions.Expect(page.Locator("#compare-metrics tr[data-metric='classes'] td.best")).ToHaveCountAsync(0); // 3 everywhere
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_metric_with_one_point_draws_a_marker_and_the_run_page_has_a_grid_of_every_metric()
    {
        var (page, errors) = await ui.NewPageAsync();
        await page.GotoAsync(ui.Url($"/runs/{ui.Penguins[3].RunId}?metric=classes&smooth=0.6"));
        var chart = page.Locator("#chart-area .chart[data-rendered='true']");
        await Assertions.Expect(chart).ToHaveAttributeAsync("data-points", "1");
        await page.WaitForFunctionAsync("document.querySelector('#chart-area .chart')?.chart?.getOption().series.some(s => s.showSymbol && s.data.length === 1)");
        await Assertions.Expect(page.Locator("#chart-smooth-value")).ToHaveTextAsync("0.60");

        await Assertions.Expect(page.Locator("#metric-grid .chart[data-rendered='true']")).ToHaveCountAsync(3); // acc, classes, loss
        // Smoothing draws over the raw curve: two series per run, the raw one faint.
        await page.WaitForFunctionAsync("""
            (() => { const s = document.querySelector("#metric-grid figure[data-metric='acc'] .chart")?.chart?.getOption().series;
                     return s && s.length === 2 && s[0].id === 'raw-0' && s[0].lineStyle.opacity < 0.5 && s[1].id === 'smoothed-0'; })()
            """);
        await DocsScreenshotAsync(page, "run-charts");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Sweep_page_ranks_trials_by_the_sweeps_direction_and_draws_log_axes_without_the_seed()
    {
        var (page, errors) = await ui.NewPageAsync();
        await page.GotoAsync(ui.Url($"/sweeps/{ui.SweepRunId}"));
        await Assertions.Expect(page.Locator("#trials tbody tr")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("#sweep-metric")).ToHaveAttributeAsync("data-goal", "min");
        // log_loss = 0.3 + 0.4 lr: the best is lr = 0.001, the lowest, and it is the sweep's best_run.
        var best = page.Locator("#trials tr[data-best='true']");
        await Assertions.Expect(best).ToHaveCountAsync(1);
        await Assertions.Expect(best.Locator("td").Nth(3)).ToHaveTextAsync("0.001");
        Assert.Equal(await best.GetAttributeAsync("data-run"), (await page.Locator("#best-run").GetAttributeAsync("href"))!.Split('/').Last());
        var parallel = page.Locator("#parallel[data-rendered='true']");
        await Assertions.Expect(parallel).ToHaveAttributeAsync("data-scales", new System.Text.RegularExpressions.Regex("^lr:log,"));
        await Assertions.Expect(parallel).ToHaveAttributeAsync("data-goal", "min");
        Assert.DoesNotContain("seed", await parallel.GetAttributeAsync("data-scales"), StringComparison.Ordinal);
        await DocsScreenshotAsync(page, "sweep");

        await page.ClickAsync("#compare-trials");
        await Assertions.Expect(page.Locator("#compare-params thead th")).ToHaveCountAsync(5);
        Assert.Contains("goal=min", Uri.UnescapeDataString(page.Url), StringComparison.Ordinal);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Pipeline_graph_shows_each_stages_command_and_why_it_ran_and_opens_stages_by_keyboard()
    {
        var (page, errors) = await ui.NewPageAsync();
        await page.GotoAsync(ui.Url("/pipelines"));
        var evaluate = page.Locator("#dag g.stage[data-stage='evaluate']");
        await Assertions.Expect(evaluate).ToContainTextAsync("cat model.txt threshold.txt clean.txt");
        await Assertions.Expect(evaluate).ToContainTextAsync("threshold.txt");
        await Assertions.Expect(page.Locator("#stages tr[data-stage='evaluate'] td").Nth(2)).ToContainTextAsync("threshold.txt"); // why it ran
        await Assertions.Expect(page.Locator("#stages tr[data-stage='prepare'] td").Nth(2)).ToContainTextAsync("matched ariadne.lock");
        await Assertions.Expect(page.Locator("#dag g.stage[tabindex='0']")).ToHaveCountAsync(3);
        await DocsScreenshotAsync(page, "pipeline-graph");

        // The graph fits a narrow card.
        await page.SetViewportSizeAsync(700, 900);
        var fits = await page.EvaluateAsync<bool>("() => document.querySelector('#dag svg').getBoundingClientRect().width <= document.querySelector('#dag').clientWidth + 1");
        Assert.True(fits);

        // Tab reaches a stage that was up to date; Enter opens the run that made its outputs, which links back.
        await page.FocusAsync("#dag g.stage[data-stage='prepare']");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("prepare");
        await page.ClickAsync("#pipeline-link");
        await Assertions.Expect(page.Locator("#dag g.stage")).ToHaveCountAsync(3);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Breadcrumbs_name_the_parents_every_page_titles_its_tab_and_ids_link_and_copy()
    {
        var (page, errors) = await ui.NewPageAsync();
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        var trial = ui.Penguins[0];
        await page.GotoAsync(ui.Url($"/runs/{trial.RunId}"));
        await Assertions.Expect(page.Locator("nav.breadcrumbs")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("Experiments.*penguins.*sweep.*trial-00"));
        await Assertions.Expect(page).ToHaveTitleAsync("trial-00 – penguins – Ariadne");
        await page.ClickAsync("#overview button.copy");
        Assert.Equal(trial.RunId, await page.EvaluateAsync<string>("navigator.clipboard.readText()"));
        await Assertions.Expect(page.Locator("#announcer")).ToHaveTextAsync("Copied run id");

        // Times are times: the environment's heartbeat is epoch milliseconds in the store.
        await Assertions.Expect(page.Locator("#environment time").First).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$"));

        // The sweep's best_run tag is a link to that run.
        await page.GotoAsync(ui.Url($"/runs/{ui.SweepRunId}"));
        await Assertions.Expect(page.Locator("#environment a.run-link").First).ToBeVisibleAsync();

        foreach (var (fragment, title) in new[] { ("/", "Experiments – Ariadne"), ("/datasets", "Datasets – Ariadne"), (Runs, "Runs of penguins – Ariadne") })
        {
            await page.GotoAsync(ui.Url(fragment));
            await Assertions.Expect(page).ToHaveTitleAsync(title);
        }

        Assert.Empty(errors);
    }

    [Fact]
    public async Task Artifacts_show_as_a_tree_of_folders()
    {
        var (page, errors) = await ui.NewPageAsync();
        await page.GotoAsync(ui.Url($"/runs/{ui.ArtifactRunId}"));
        await Assertions.Expect(page.Locator("#artifacts li[data-folder='outs/split'] li[data-path='outs/split/split.json']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#artifacts > ul.tree > li[data-path='metrics.json']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#artifacts li[data-folder='plots'] summary")).ToContainTextAsync("1 files");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Datasets_page_lists_untagged_data_by_path_names_experiments_and_counts_readers()
    {
        var (page, errors) = await ui.NewPageAsync();
        await page.GotoAsync(ui.Url("/datasets"));
        await Assertions.Expect(page.Locator("#dataset-versions tr[data-dataset='penguins@v1'] td[data-readers]")).ToHaveTextAsync(UiServerFixture.PenguinRuns.ToString(CultureInfo.InvariantCulture));
        var untagged = page.Locator($"#tracked-data tbody tr:has(td:text-is('{UiServerFixture.UntaggedPath}'))");
        await Assertions.Expect(untagged).ToHaveCountAsync(1);
        await Assertions.Expect(untagged.Locator("td").Nth(2)).ToHaveTextAsync("sweeps");
        await Assertions.Expect(untagged.Locator("td").Nth(3)).ToHaveTextAsync("4"); // the four trials' train stages
        await DocsScreenshotAsync(page, "datasets");

        await page.Locator("#dataset-versions tr[data-dataset='penguins@v1'] a").First.ClickAsync();
        await Assertions.Expect(page.Locator("#dataset-uses tbody tr").First.Locator("td").Nth(1)).ToHaveTextAsync("penguins");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_writer_edits_the_description_as_mlflows_note_tag_and_sets_and_deletes_tags()
    {
        var (page, errors) = await ui.NewPageAsync();
        var trial = ui.Penguins[7];
        await page.GotoAsync(ui.Url($"/runs/{trial.RunId}"));
        await page.ClickAsync("#edit-note");
        await page.FillAsync("#note-editor", "Depth 5 overfits: see the loss after step 120.");
        await page.ClickAsync("#save-note");
        await Assertions.Expect(page.Locator("#note-text")).ToHaveTextAsync("Depth 5 overfits: see the loss after step 120.");

        await page.FillAsync("#tag-form input[name=key]", "verdict");
        await page.FillAsync("#tag-form input[name=value]", "keep");
        await page.ClickAsync("#tag-form button[type=submit]");
        await Assertions.Expect(page.Locator("#tags tr[data-tag='verdict']")).ToContainTextAsync("keep");

        // What MLflow clients see: the note as mlflow.note.content, the tag as set.
        var run = await page.EvaluateAsync<System.Text.Json.JsonElement>($"fetch('/api/2.0/mlflow/runs/get?run_id={trial.RunId}').then(r => r.json())");
        var tags = run.GetProperty("run").GetProperty("data").GetProperty("tags").EnumerateArray().ToDictionary(t => t.GetProperty("key").GetString()!, t => t.GetProperty("value").GetString());
        Assert.Equal("Depth 5 overfits: see the loss after step 120.", tags["mlflow.note.content"]);
        Assert.Equal("keep", tags["verdict"]);

        await page.ClickAsync("#tags tr[data-tag='verdict'] button.delete-tag");
        await Assertions.Expect(page.Locator("#tags tr[data-tag='verdict']")).ToHaveCountAsync(0);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#note-text")).ToHaveTextAsync("Depth 5 overfits: see the loss after step 120.");
        await DocsScreenshotAsync(page, "run-notes", fullPage: false);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Stage_states_and_run_statuses_meet_wcag_aa_contrast_and_only_a_small_region_is_live()
    {
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            var (page, errors) = await ui.NewPageAsync();
            await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = scheme });
            await page.GotoAsync(ui.Url("/pipelines"));
            await Assertions.Expect(page.Locator("#stages tr[data-stage='prepare']")).ToBeVisibleAsync();
            var ratios = await page.EvaluateAsync<double[]>(ContrastScript);
            Assert.All(ratios, ratio => Assert.True(ratio >= 4.5, $"{scheme}: contrast {ratio:F2}:1 of [{string.Join(", ", ratios.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))}]"));
            if (scheme == ColorScheme.Dark)
            {
                Assert.Equal("rgb(23, 28, 37)", await page.Locator("section.card").First.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
                await DocsScreenshotAsync(page, "dark-mode", fullPage: false);
            }

            Assert.Null(await page.Locator("#view").GetAttributeAsync("aria-live"));
            await Assertions.Expect(page.Locator("#announcer")).ToHaveAttributeAsync("aria-live", "polite");
            await page.GotoAsync(ui.Url("/datasets"));
            await Assertions.Expect(page.Locator("#announcer")).ToHaveTextAsync("Datasets");
            Assert.Empty(errors);
        }
    }

    /// <summary>Contrast ratios (WCAG 2) of each stage state and run status against the card behind it.</summary>
    private const string ContrastScript = """
        () => {
          const rgb = c => c.match(/[\d.]+/g).slice(0, 3).map(Number);
          const lum = c => { const [r, g, b] = rgb(c).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
          const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
          const card = document.querySelector('section.card');
          const probe = cls => { const s = document.createElement('span'); s.className = cls; s.textContent = 'x'; card.append(s); const c = getComputedStyle(s).color; const bg = getComputedStyle(s).backgroundColor; s.remove(); return [c, bg]; };
          const cardBg = getComputedStyle(card).backgroundColor;
          const states = ['state-ran', 'state-cache-hit', 'state-unchanged', 'state-failed', 'state-killed', 'state-running'].map(c => ratio(probe('stage-state ' + c)[0], cardBg));
          const statuses = ['FINISHED', 'FAILED', 'KILLED', 'RUNNING', 'SCHEDULED'].map(s => { const [c, bg] = probe('status ' + s); return ratio(c, bg); });
          return [...states, ...statuses];
        }
        """;

    private static async Task DocsScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        var options = new PageScreenshotOptions { Path = Path.Combine(UiServerFixture.ScreenshotFolder, name + ".png"), FullPage = fullPage };
        await page.ScreenshotAsync(options);
        if (Environment.GetEnvironmentVariable("ARIADNE_DOCS_SCREENSHOTS") == "1")
        {
            File.Copy(options.Path, Path.Combine(UiServerFixture.RepositoryRoot(), "docs", "images", name + ".png"), overwrite: true);
        }
    }
}
