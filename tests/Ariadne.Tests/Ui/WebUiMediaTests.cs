using Microsoft.Playwright;

namespace Ariadne.Tests.Ui;

/// <summary>Images and tables logged with the SDK (images/, tables/) are shown on the run's page in Chromium without a click.</summary>
[Trait("Service", "Chromium")]
[Collection(UiCollection.Name)]
public sealed class WebUiMediaTests(UiServerFixture ui)
{
    [Fact]
    public async Task A_runs_logged_image_and_table_are_shown_on_its_page()
    {
        var (page, errors) = await ui.NewPageAsync();
        await page.GotoAsync(ui.Url($"/runs/{ui.ArtifactRunId}"));

        var image = page.Locator("#media figure[data-artifact='images/samples/first.png'] img.artifact-image");
        await Assertions.Expect(image).ToBeVisibleAsync();
        Assert.Equal(32, await image.EvaluateAsync<int>("img => img.complete ? img.naturalWidth : new Promise(r => img.onload = () => r(img.naturalWidth))"));
        var table = page.Locator("#media figure[data-artifact='tables/per-class.csv'] table.csv");
        await Assertions.Expect(table.Locator("tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(table.Locator("thead")).ToContainTextAsync("precision");
        await Assertions.Expect(table.Locator("tbody tr").Nth(1)).ToContainTextAsync("0.99");
        await Assertions.Expect(page.Locator("#media figure")).ToHaveCountAsync(2);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(UiServerFixture.ScreenshotFolder, "run-media.png"), FullPage = true });
        Assert.Empty(errors);
    }
}
