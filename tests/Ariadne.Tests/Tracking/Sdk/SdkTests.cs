using Ariadne.Tests.Support;
using Ariadne.Tracking;
using Ariadne.Workspace;

namespace Ariadne.Tests.Tracking.Sdk;

/// <summary>The C# SDK as training code uses it, against the workspace's embedded store.</summary>
public sealed class SdkTests : IDisposable
{
    private readonly TestWorkspace _ws = new();

    private TrackingClient Open() => TrackingClient.Open(folder: _ws.Root);

    [Fact]
    public async Task A_run_records_params_metrics_tags_and_ends_finished()
    {
        await using var tracking = Open();
        string runId;
        await using (var run = await tracking.StartRunAsync("penguins", "baseline"))
        {
            runId = run.RunId;
            await run.LogParamAsync("lr", 0.01);
            await run.LogParamAsync("lr", 0.01); // the same value again is fine
            await run.SetTagAsync("model", "tree");
            for (var i = 0; i < 1000; i++)
            {
                run.LogMetric("loss", 1.0 / (i + 1));
            }

            run.LogMetric("odd", double.NaN);
            run.LogMetric("odd", double.PositiveInfinity);
            await run.EndAsync();
        }

        var stored = await tracking.Store.GetRunAsync(runId, default);
        Assert.Equal(RunStatus.Finished, stored.Info.Status);
        Assert.NotNull(stored.Info.EndTime);
        Assert.Equal("0.01", stored.Params.Single(p => p.Key == "lr").Value);
        Assert.Contains(stored.Tags, t => t.Key == "model" && t.Value == "tree");
        var history = await tracking.Store.GetMetricHistoryAsync(runId, "loss", default);
        Assert.Equal(1000, history.Count);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (long)i), history.Select(m => m.Step));
        var odd = await tracking.Store.GetMetricHistoryAsync(runId, "odd", default);
        Assert.True(double.IsNaN(odd[0].Value));
        Assert.Equal(double.PositiveInfinity, odd[1].Value);
    }

    [Fact]
    public async Task Ending_right_after_logging_millions_of_points_keeps_every_point()
    {
        await using var tracking = Open();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var run = await tracking.StartRunAsync("volume", $"burst-{attempt}");
            for (var step = 0; step < 400_000; step++)
            {
                for (var k = 0; k < 5; k++)
                {
                    run.LogMetric($"m{k}", step, step);
                }
            }

            await run.EndAsync();
            for (var k = 0; k < 5; k++)
            {
                Assert.Equal(400_000, (await tracking.Store.GetMetricHistoryAsync(run.RunId, $"m{k}", default)).Count);
            }
        }
    }

    [Fact]
    public async Task Changing_a_logged_param_is_refused_with_a_clear_message()
    {
        await using var tracking = Open();
        await using var run = await tracking.StartRunAsync("e", "r");
        await run.LogParamAsync("depth", 3);

        var error = await Assert.ThrowsAsync<AriadneException>(() => run.LogParamAsync("depth", 4));

        Assert.Contains("depth", error.Message, StringComparison.Ordinal);
        Assert.Contains("immutable", error.Message, StringComparison.Ordinal);
        await run.EndAsync();
    }

    [Fact]
    public async Task Disposing_an_unended_run_marks_it_failed_and_RunAsync_marks_exceptions_failed()
    {
        await using var tracking = Open();
        string disposedId;
        await using (var run = await tracking.StartRunAsync("e", "crash"))
        {
            disposedId = run.RunId;
            run.LogMetric("before_crash", 1);
        }

        string? bodyId = null;
        await Assert.ThrowsAsync<InvalidOperationException>(() => tracking.RunAsync("e", "body", run =>
        {
            bodyId = run.RunId;
            throw new InvalidOperationException("boom");
        }));

        var disposed = await tracking.Store.GetRunAsync(disposedId, default);
        Assert.Equal(RunStatus.Failed, disposed.Info.Status);
        Assert.Single(await tracking.Store.GetMetricHistoryAsync(disposedId, "before_crash", default));
        Assert.Equal(RunStatus.Failed, (await tracking.Store.GetRunAsync(bodyId!, default)).Info.Status);
    }

    [Fact]
    public async Task Seeds_are_handed_out_and_recorded_so_a_rerun_reproduces_them()
    {
        await using var tracking = Open();
        await using var run = await tracking.StartRunAsync("e", "seeded");
        var given = await run.RandomAsync("split", 1234);
        var drawnSeed = await run.SeedAsync("init");
        await run.EndAsync();

        var stored = await tracking.Store.GetRunAsync(run.RunId, default);
        Assert.Equal("1234", stored.Params.Single(p => p.Key == "seed.split").Value);
        Assert.Equal(drawnSeed.ToString(System.Globalization.CultureInfo.InvariantCulture), stored.Params.Single(p => p.Key == "seed.init").Value);
        Assert.Equal(new Random(1234).Next(), given.Next());
    }

    [Fact]
    public async Task Inputs_link_to_named_dataset_versions_and_artifacts_are_stored_by_content()
    {
        _ws.Write("data/train.csv", "a,b\n1,2\n");
        new DataTracker(_ws.Open()).Add([_ws.Path("data/train.csv")]);
        await using var tracking = Open();
        var pointer = PointerFile.Read(_ws.Path("data/train.csv.ari"));
        await tracking.Store.RegisterDatasetVersionAsync(
            new DatasetVersion("train", "v1", pointer.Hash.Hex, pointer.Size, 1, "data/train.csv.ari", null, 0), default);
        _ws.Write("out/model.txt", "weights");
        _ws.Write("out/sub/report.md", "# report");

        await using var run = await tracking.StartRunAsync("e", "with-data");
        await run.LogInputAsync(_ws.Path("data/train.csv.ari"), "train");
        await run.LogArtifactAsync(_ws.Path("out"));
        await run.EndAsync();

        var stored = await tracking.Store.GetRunAsync(run.RunId, default);
        var input = Assert.Single(stored.Inputs);
        Assert.Equal(("train", "v1", "train"), (input.DatasetName, input.DatasetVersion, input.Role));
        var uses = await tracking.Store.ListDatasetUsesAsync(pointer.Hash.Hex, default);
        Assert.Equal(run.RunId, Assert.Single(uses).Run.RunId);
        var artifacts = await tracking.Store.ListArtifactsAsync(run.RunId, default);
        var model = Assert.Single(artifacts, a => a.Path == "out/model.txt");
        Assert.Contains(artifacts, a => a.Path == "out/sub/report.md");
        Assert.Equal("weights", File.ReadAllText(_ws.Open().Cache.PathOf(Ariadne.Content.ContentHash.Parse(model.Hash))));
        File.AppendAllText(_ws.Path("out/model.txt"), " still writable");
    }

    [Fact]
    public async Task Every_run_records_its_environment_without_being_asked()
    {
        _ws.Write("README.md", "project");
        _ws.Commit("first");
        var commit = _ws.Git("rev-parse HEAD").Trim();
        _ws.Write("README.md", "changed");

        await using var tracking = Open();
        await using var run = await tracking.StartRunAsync("e", "env");
        await run.EndAsync();

        var tags = (await tracking.Store.GetRunAsync(run.RunId, default)).Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal(commit, tags["ariadne.git.commit"]);
        Assert.Equal("true", tags["ariadne.git.dirty"]);
        Assert.Equal(Environment.MachineName, tags["ariadne.host"]);
        Assert.Contains(".NET", tags["ariadne.runtime"], StringComparison.Ordinal);
        var artifacts = await tracking.Store.ListArtifactsAsync(run.RunId, default);
        Assert.Contains(artifacts, a => a.Path == "environment.json");
        var diff = Assert.Single(artifacts, a => a.Path == "git.diff");
        Assert.Contains("changed", File.ReadAllText(_ws.Open().Cache.PathOf(Ariadne.Content.ContentHash.Parse(diff.Hash))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nested_runs_know_their_parent_and_a_child_process_attaches_to_the_given_run()
    {
        await using var tracking = Open();
        await using var parent = await tracking.StartRunAsync("e", "sweep");
        await using var child = await tracking.StartRunAsync("e", "trial", parent);
        await child.EndAsync();

        await using var attachedClient = TrackingClient.ForStore(tracking.Store, _ws.Open(), attachRunId: parent.RunId);
        await using (var attached = await attachedClient.StartRunAsync("ignored", "ignored"))
        {
            Assert.Equal(parent.RunId, attached.RunId);
            attached.LogMetric("from_child", 7);
        }

        Assert.Equal(RunStatus.Running, (await tracking.Store.GetRunAsync(parent.RunId, default)).Info.Status);
        await parent.EndAsync();
        Assert.Equal(parent.RunId, (await tracking.Store.GetRunAsync(child.RunId, default)).Info.ParentRunId);
        Assert.Single(await tracking.Store.GetMetricHistoryAsync(parent.RunId, "from_child", default));
    }

    [Fact]
    public async Task Invalid_metric_keys_are_refused_at_the_call_not_lost_later()
    {
        await using var tracking = Open();
        await using var run = await tracking.StartRunAsync("e", "keys");

        var error = Assert.Throws<AriadneException>(() => run.LogMetric("../etc", 1));

        Assert.Contains("../etc", error.Message, StringComparison.Ordinal);
        await run.EndAsync();
    }

    public void Dispose() => _ws.Dispose();
}
