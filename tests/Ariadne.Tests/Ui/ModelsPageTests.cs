using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Ariadne.Tests.Ui;

/// <summary>The models page and a version's page in Chromium: versions, aliases, who registered what from which run, the card rendered and sanitised, files, links to the run.</summary>
[Trait("Service", "Chromium")]
[Collection(UiCollection.Name)]
public sealed class ModelsPageTests(UiServerFixture ui)
{
    [Fact]
    public async Task Models_page_lists_models_versions_aliases_and_who_registered_what_from_which_run()
    {
        var (page, errors) = await ui.NewPageAsync();
        await page.GotoAsync(ui.Url("/"));
        await page.Locator("nav a[data-nav='models']").ClickAsync();
        await Expect(page.Locator("nav a[data-nav='models']")).ToHaveClassAsync(new Regex("active"));

        var model = page.Locator("#models tr[data-model='penguins']");
        await Expect(model).ToContainTextAsync("@champion → v2");
        await Expect(model).ToContainTextAsync("Tells penguin species apart.");
        var v1 = page.Locator("#model-versions tr[data-version='penguins/1']");
        await Expect(v1).ToContainTextAsync("alice");
        await Expect(v1.Locator($"a[href='#/runs/{ui.ArtifactRunId}']")).ToHaveCountAsync(1);
        var v2 = page.Locator("#model-versions tr[data-version='penguins/2']");
        await Expect(v2).ToContainTextAsync("bob");
        await Expect(v2).ToContainTextAsync("@champion");
        await Expect(v1).Not.ToContainTextAsync("@champion");

        await page.Locator("#models a", new() { HasTextString = "penguins" }).ClickAsync();
        await Expect(page.Locator(".model-page")).ToHaveAttributeAsync("data-version", "penguins/2"); // the champion
        await page.Locator(".model-header a.version", new() { HasTextString = "v1" }).ClickAsync();
        await Expect(page.Locator(".model-page")).ToHaveAttributeAsync("data-version", "penguins/1");
        await Expect(page.Locator("#model-files")).ToContainTextAsync("sample.csv");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Version_page_renders_the_card_sanitised_so_script_tags_handlers_and_javascript_links_run_nothing()
    {
        var (page, errors) = await ui.NewPageAsync();
        page.Dialog += async (_, dialog) =>
        {
            errors.Add($"dialog: {dialog.Message}"); // an alert is a script that ran
            await dialog.DismissAsync();
        };
        await page.GotoAsync(ui.Url("/models/penguins/2"));

        var card = page.Locator("#model-card");
        await Expect(card.Locator("h1")).ToHaveTextAsync("penguins (version 2)");
        await Expect(card.Locator("h2", new() { HasTextString = "Notes from a careless user" })).ToHaveCountAsync(1);
        await Expect(card.Locator("table").First).ToBeVisibleAsync();
        await Expect(card.Locator("script, iframe, [onerror]")).ToHaveCountAsync(0);
        var hrefs = await card.Locator("a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href') ?? '')");
        Assert.DoesNotContain(hrefs, h => h.TrimStart().StartsWith("javascript", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("https://example.org/penguins", hrefs);
        foreach (var text in new[] { "a harmless-looking link", "anchor" })
        {
            var link = card.Locator("a", new() { HasTextString = text });
            if (await link.CountAsync() > 0)
            {
                await link.ClickAsync();
            }
        }

        await page.WaitForTimeoutAsync(500);
        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.__pwned"));
        await Expect(page.Locator("#card-origin")).ToContainTextAsync("as stored with this version");
        await Expect(page.Locator("#card-front-matter")).ToContainTextAsync("model-index:");
        var file = page.Locator("#model-files tr[data-file='confusion.png']");
        await Expect(file).ToContainTextAsync(ui.ModelFileHash[..12]);
        await Expect(file.Locator("a")).ToHaveAttributeAsync("href", $"#/runs/{ui.ArtifactRunId}?artifact=plots%2Fconfusion.png");

        await page.Locator("#source-run").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"#/runs/{ui.ArtifactRunId}$"));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task An_unknown_model_says_so()
    {
        var (page, _) = await ui.NewPageAsync();
        await page.GotoAsync(ui.Url("/models/no-such-model"));
        await Expect(page.Locator("#view .error")).ToContainTextAsync("no-such-model");
    }
}
