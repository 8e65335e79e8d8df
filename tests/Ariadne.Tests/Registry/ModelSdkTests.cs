using Ariadne.Registry;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Registry;

/// <summary>The registry from training code: register a run's model folder, look it up by URI, download it.</summary>
public sealed class ModelSdkTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    [Fact]
    public async Task A_run_registers_its_model_folder_and_the_version_is_found_by_uri_and_downloaded_intact()
    {
        _ws.Write("model/model.zip", "weights v1");
        _ws.Write("model/meta/labels.txt", "Adelie");
        await using var tracking = TrackingClient.Open(folder: _ws.Root);
        ModelVersion version;
        await using (var run = await tracking.StartRunAsync("penguins", "baseline"))
        {
            version = await run.RegisterModelAsync("penguins", _ws.Path("model"), alias: "champion", description: "baseline");
            Assert.Equal(run.RunId, version.RunId);
            Assert.Equal($"runs:/{run.RunId}/model", version.Source);
        }

        var found = await tracking.GetModelVersionAsync("models:/penguins@champion");
        _ws.Write("model/model.zip", "weights v2, overwritten after registering");
        var written = await tracking.DownloadModelAsync("models:/penguins/1", _ws.Path("deploy"));

        Assert.Equal((1, "baseline"), (found.Version, found.Description));
        Assert.Equal(["champion"], found.Aliases);
        Assert.Equal(["meta/labels.txt", "model.zip"], found.Files.Select(f => f.Path));
        Assert.Equal(2, written.Count);
        Assert.Equal("weights v1", _ws.Read("deploy/model.zip"));
        Assert.Equal("Adelie", _ws.Read("deploy/meta/labels.txt"));
    }

    [Fact]
    public async Task Registering_a_path_the_run_never_logged_and_that_does_not_exist_says_what_it_has()
    {
        await using var tracking = TrackingClient.Open(folder: _ws.Root);
        await using var run = await tracking.StartRunAsync("penguins", "empty");

        var e = await Assert.ThrowsAsync<AriadneException>(() => run.RegisterModelAsync("penguins", "no-such-model"));

        Assert.Equal(ErrorCode.InvalidArgument, e.Code);
        Assert.Contains("no artifacts under 'no-such-model'", e.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<AriadneException>(() => tracking.Store.GetRegisteredModelAsync("penguins", default));
    }
}
