using System.Collections;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Tracking.Sdk;

/// <summary>The SDK's conveniences (dictionaries and configs as params, metrics at one step, media, resuming, ending) against the embedded store.</summary>
public sealed class SdkConveniencesTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    public void Dispose() => _ws.Dispose();

    private TrackingClient Open() => TrackingClient.Open(folder: _ws.Root);

    private sealed record Optimizer(string Name, double Lr);

    [Fact]
    public async Task Any_dictionary_and_a_config_object_become_params_with_dotted_keys_and_json_for_arrays_and_records()
    {
        await using var tracking = Open();
        await using var run = await tracking.StartRunAsync("params", "config");

        await run.LogParamsAsync(new Dictionary<string, double> { ["dropout"] = 0.25, ["momentum"] = 0.9 });
        await run.LogParamsAsync(new { model = new { layers = 3, sizes = new[] { 64, 32 } }, optimizer = new Optimizer("adam", 0.001), note = (string?)null });
        await run.LogParamsAsync(new Hashtable { ["batch"] = 128 });
        await run.LogParamAsync("schedule", new[] { 1, 2, 3 });
        await run.LogParamAsync("best", new Optimizer("sgd", 0.1));

        var stored = (await tracking.Store.GetRunAsync(run.RunId, default)).Params.ToDictionary(p => p.Key, p => p.Value);
        Assert.Equal("0.25", stored["dropout"]);
        Assert.Equal("0.9", stored["momentum"]);
        Assert.Equal("3", stored["model.layers"]);
        Assert.Equal("[64,32]", stored["model.sizes"]);
        Assert.Equal("adam", stored["optimizer.Name"]);
        Assert.Equal("0.001", stored["optimizer.Lr"]);
        Assert.Equal("null", stored["note"]);
        Assert.Equal("128", stored["batch"]);
        Assert.Equal("[1,2,3]", stored["schedule"]);
        Assert.Equal("""{"Name":"sgd","Lr":0.1}""", stored["best"]);
    }

    [Fact]
    public async Task A_null_param_value_is_an_argument_error_that_names_the_key()
    {
        await using var tracking = Open();
        await using var run = await tracking.StartRunAsync("params", "null");

        var error = await Assert.ThrowsAsync<ArgumentNullException>(() => run.LogParamAsync("lr", null!));

        Assert.Contains("'lr'", error.Message, StringComparison.Ordinal);
        Assert.Empty((await tracking.Store.GetRunAsync(run.RunId, default)).Params);
    }

    [Fact]
    public async Task LogMetrics_logs_several_metrics_at_one_run_wide_step()
    {
        await using var tracking = Open();
        await using var run = await tracking.StartRunAsync("metrics", "several");

        run.LogMetrics(new Dictionary<string, double> { ["loss"] = 0.9, ["acc"] = 0.5 });
        run.LogMetrics(new Dictionary<string, double> { ["loss"] = 0.7, ["acc"] = 0.6 });
        run.LogMetrics(new Dictionary<string, double> { ["loss"] = 0.5 }, step: 10);
        run.LogMetrics(new Dictionary<string, double> { ["acc"] = 0.8 });
        await run.EndAsync();

        Assert.Equal([0L, 1, 10], (await tracking.Store.GetMetricHistoryAsync(run.RunId, "loss", default)).Select(m => m.Step));
        Assert.Equal([0L, 1, 11], (await tracking.Store.GetMetricHistoryAsync(run.RunId, "acc", default)).Select(m => m.Step));
    }

    [Fact]
    public async Task After_EndAsync_logging_throws_flushing_does_not_and_Info_says_the_final_status()
    {
        await using var tracking = Open();
        var run = await tracking.StartRunAsync("end", "ended");
        run.LogMetric("loss", 1);

        await run.EndAsync(RunStatus.Failed);

        var error = Assert.Throws<InvalidOperationException>(() => run.LogMetric("loss", 2));
        Assert.Contains("ended", error.Message, StringComparison.Ordinal);
        await run.FlushAsync();
        Assert.Equal(RunStatus.Failed, run.Info.Status);
        Assert.NotNull(run.Info.EndTime);
        Assert.Single(await tracking.Store.GetMetricHistoryAsync(run.RunId, "loss", default));
    }

    [Fact]
    public async Task DeleteTagAsync_removes_a_tag_of_the_run()
    {
        await using var tracking = Open();
        await using var run = await tracking.StartRunAsync("tags", "delete");
        await run.SetTagAsync("draft", "yes");

        await run.DeleteTagAsync("draft");

        Assert.DoesNotContain((await tracking.Store.GetRunAsync(run.RunId, default)).Tags, t => t.Key == "draft");
    }

    [Fact]
    public async Task RunAsync_nests_under_a_parent_with_tags_and_returns_the_body_value()
    {
        await using var tracking = Open();
        await using var parent = await tracking.StartRunAsync("sweep", "parent");
        string? childId = null;

        var accuracy = await tracking.RunAsync("sweep", "child", async run =>
        {
            childId = run.RunId;
            await run.LogParamAsync("lr", 0.1);
            return 0.93;
        }, parent, new Dictionary<string, string> { ["trial"] = "1" });

        Assert.Equal(0.93, accuracy);
        var child = await tracking.Store.GetRunAsync(childId!, default);
        Assert.Equal(parent.RunId, child.Info.ParentRunId);
        Assert.Equal(RunStatus.Finished, child.Info.Status);
        Assert.Contains(child.Tags, t => t.Key == "trial" && t.Value == "1");
    }

    [Fact]
    public async Task A_run_resumed_by_id_runs_again_and_continues_its_steps()
    {
        await using var tracking = Open();
        var first = await tracking.StartRunAsync("resume", "long");
        for (var i = 0; i < 5; i++)
        {
            first.LogMetric("loss", i);
        }

        first.LogMetrics(new Dictionary<string, double> { ["acc"] = 0.1 });
        await first.EndAsync(RunStatus.Killed);

        var resumed = await tracking.ResumeRunAsync(first.RunId);
        Assert.Equal(RunStatus.Running, (await tracking.Store.GetRunAsync(first.RunId, default)).Info.Status);
        resumed.LogMetric("loss", 5);
        resumed.LogMetrics(new Dictionary<string, double> { ["acc"] = 0.2 });
        await resumed.EndAsync();

        Assert.Equal([0L, 1, 2, 3, 4, 5], (await tracking.Store.GetMetricHistoryAsync(first.RunId, "loss", default)).Select(m => m.Step));
        Assert.Equal([0L, 5], (await tracking.Store.GetMetricHistoryAsync(first.RunId, "acc", default)).Select(m => m.Step));
        Assert.Equal(RunStatus.Finished, (await tracking.Store.GetRunAsync(first.RunId, default)).Info.Status);
    }

    [Fact]
    public async Task An_attached_run_continues_its_automatic_steps_after_the_recorded_ones()
    {
        await using var tracking = Open();
        var owner = await tracking.StartRunAsync("attach", "parent-process");
        owner.LogMetric("loss", 1);
        owner.LogMetric("loss", 2);
        await owner.FlushAsync();

        await using (var child = TrackingClient.ForStore(tracking.Store, attachRunId: owner.RunId))
        {
            var attached = await child.StartRunAsync();
            attached.LogMetric("loss", 3);
            await attached.EndAsync();
        }

        Assert.Equal([0L, 1, 2], (await tracking.Store.GetMetricHistoryAsync(owner.RunId, "loss", default)).Select(m => m.Step));
        await owner.EndAsync();
    }

    [Fact]
    public async Task Images_figures_and_tables_are_artifacts_under_their_folders()
    {
        await using var tracking = Open();
        await using var run = await tracking.StartRunAsync("media", "all");
        var plot = new ScottPlot.Plot();
        plot.Add.Scatter(new double[] { 1, 2, 3 }, new double[] { 3, 1, 2 });
        var png = plot.GetImageBytes(40, 30, ScottPlot.ImageFormat.Png);

        await run.LogImageAsync(png, "samples/first");
        await run.LogFigureAsync(plot, "loss-curve", 200, 100);
        await run.LogTableAsync("confusion", ["label", "count"], [["cat", 3], ["dog, big", 4.5]]);
        await run.LogTableAsync("confusion", ["label", "count"], [["cat", 3]], TableFormat.Json);
        var notPng = await Assert.ThrowsAsync<AriadneException>(() => run.LogImageAsync([1, 2, 3], "bad"));
        var ragged = await Assert.ThrowsAsync<AriadneException>(() => run.LogTableAsync("bad", ["a", "b"], [["only one"]]));

        var artifacts = (await tracking.Store.ListArtifactsAsync(run.RunId, default)).Where(a => a.Path != "environment.json").ToDictionary(a => a.Path);
        Assert.Equal(["figures/loss-curve.png", "images/samples/first.png", "tables/confusion.csv", "tables/confusion.json"], artifacts.Keys.Order(StringComparer.Ordinal));
        string Text(string path) => File.ReadAllText(_ws.Open().Cache.PathOf(Ariadne.Content.ContentHash.Parse(artifacts[path].Hash)));
        Assert.Equal("label,count\ncat,3\n\"dog, big\",4.5\n", Text("tables/confusion.csv"));
        Assert.Equal("""{"columns":["label","count"],"data":[["cat",3]]}""", Text("tables/confusion.json"));
        Assert.Equal(png.Length, artifacts["images/samples/first.png"].Size);
        Assert.Contains("PNG", notPng.Message, StringComparison.Ordinal);
        Assert.Contains("Row 0", ragged.Message, StringComparison.Ordinal);
        Assert.Null(run.Url);
    }
}
