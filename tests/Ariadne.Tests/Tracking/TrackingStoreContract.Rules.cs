using Ariadne.Tracking;

namespace Ariadne.Tests.Tracking;

/// <summary>
/// The parts of the one contract that used to be optional (runs created by experiment name, per-experiment activity,
/// exactly-once batches) and the rules every store shares (how a stored status it does not know reads).
/// </summary>
public abstract partial class TrackingStoreContract
{
    /// <summary>
    /// Writes <paramref name="status"/> into the run's stored status as it is, past the store's API (what a newer
    /// Ariadne, or a hand edit, could leave in the table).
    /// </summary>
    protected abstract Task SetStoredRunStatusAsync(string runId, string status);

    /// <summary>Writes <paramref name="stage"/> into the run's lifecycle column as it is (a value this version may not know).</summary>
    protected abstract Task SetStoredRunStageAsync(string runId, string stage);

    [Fact]
    public async Task A_run_created_by_experiment_name_creates_the_experiment_once_and_lands_in_it()
    {
        var first = await Store.CreateRunInExperimentAsync("by-name", new NewRun("ignored", "one", T0, "alice", null, null), None);
        var second = await Store.CreateRunInExperimentAsync("by-name", new NewRun("", "two", T0 + 1, "alice", null, [new RunTag("k", "v")]), None);

        var experiment = await Store.GetExperimentByNameAsync("by-name", None);
        Assert.NotNull(experiment);
        Assert.Equal(experiment.ExperimentId, (await Store.GetRunAsync(first.RunId, None)).Info.ExperimentId);
        var run = await Store.GetRunAsync(second.RunId, None);
        Assert.Equal((experiment.ExperimentId, "two"), (run.Info.ExperimentId, run.Info.RunName));
        Assert.Contains(new RunTag("k", "v"), run.Tags);
    }

    [Fact]
    public async Task A_run_created_by_the_name_of_a_deleted_experiment_is_refused()
    {
        var id = await NewExperimentAsync("gone");
        await Store.UpdateExperimentAsync(id, null, LifecycleStage.Deleted, None);

        var error = await Assert.ThrowsAsync<AriadneException>(() => Store.CreateRunInExperimentAsync("gone", new NewRun("", "r", T0, "alice", null, null), None));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Contains("deleted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Experiment_activity_counts_each_experiments_active_runs_and_its_latest_start_or_end()
    {
        var busy = await NewExperimentAsync();
        var quiet = await NewExperimentAsync();
        await NewRunAsync(busy, startTime: T0);
        var ended = await NewRunAsync(busy, startTime: T0 + 10);
        await Store.UpdateRunAsync(ended.RunId, RunStatus.Finished, T0 + 500, null, None);
        var deleted = await NewRunAsync(quiet, startTime: T0 + 900);
        await Store.SetRunLifecycleAsync(deleted.RunId, LifecycleStage.Deleted, None);

        var activity = await Store.GetExperimentActivityAsync(None);

        var row = Assert.Single(activity, a => a.ExperimentId == busy);
        Assert.Equal((2L, T0 + 500), (row.Runs, row.LastActivity));
        Assert.DoesNotContain(activity, a => a.ExperimentId == quiet);
    }

    [Fact]
    public async Task A_sequenced_batch_is_applied_once_and_a_replay_of_it_or_an_older_one_is_skipped()
    {
        var run = await NewRunAsync();

        Assert.True(await Store.LogBatchOnceAsync(run.RunId, "writer-1", 1, [new Metric("loss", 1.0, T0, 0)], [new Param("lr", "0.1")], [new RunTag("t", "a")], None));
        Assert.False(await Store.LogBatchOnceAsync(run.RunId, "writer-1", 1, [new Metric("loss", 1.0, T0, 0)], [new Param("lr", "0.1")], [new RunTag("t", "a")], None));
        Assert.True(await Store.LogBatchOnceAsync(run.RunId, "writer-1", 2, [new Metric("loss", 0.5, T0 + 1, 1)], [], [new RunTag("t", "b")], None));
        Assert.False(await Store.LogBatchOnceAsync(run.RunId, "writer-1", 1, [new Metric("loss", 9.0, T0 + 2, 0)], [], [new RunTag("t", "stale")], None));
        Assert.True(await Store.LogBatchOnceAsync(run.RunId, "writer-2", 1, [new Metric("loss", 0.25, T0 + 3, 2)], [], [], None));

        var history = await Store.GetMetricHistoryAsync(run.RunId, "loss", None);
        Assert.Equal([1.0, 0.5, 0.25], history.Select(m => m.Value));
        var stored = await Store.GetRunAsync(run.RunId, None);
        Assert.Contains(new RunTag("t", "b"), stored.Tags);
        Assert.DoesNotContain(stored.Tags, t => t.Key.StartsWith("ariadne.sync.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_sequenced_batch_that_fails_records_nothing_so_the_same_sequence_can_be_sent_again()
    {
        var run = await NewRunAsync();
        await Store.LogParamAsync(run.RunId, "lr", "0.1", None);

        var error = await Assert.ThrowsAsync<AriadneException>(() => Store.LogBatchOnceAsync(run.RunId, "writer", 1, [new Metric("m", 1, T0, 0)], [new Param("lr", "0.2")], [], None));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Empty(await Store.GetMetricHistoryAsync(run.RunId, "m", None));
        Assert.True(await Store.LogBatchOnceAsync(run.RunId, "writer", 1, [new Metric("m", 1, T0, 0)], [new Param("lr", "0.1")], [], None));
    }

    [Fact]
    public async Task The_same_sequenced_batch_sent_many_times_at_once_is_applied_by_exactly_one()
    {
        var run = await NewRunAsync();
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sends = Enumerable.Range(0, 8).Select(async _ =>
        {
            await go.Task;
            return await Store.LogBatchOnceAsync(run.RunId, "racer", 7, [new Metric("m", 3, T0, 0)], [], [new RunTag("t", "v")], None);
        }).ToList();
        go.SetResult();

        var applied = await Task.WhenAll(sends);

        Assert.Single(applied, a => a);
        Assert.Single(await Store.GetMetricHistoryAsync(run.RunId, "m", None));
    }

    [Theory]
    [InlineData("", 1)]
    [InlineData("has space", 1)]
    [InlineData("writer", 0)]
    public async Task A_sequenced_batch_needs_a_plain_client_id_and_a_sequence_from_1(string clientId, long sequence)
    {
        var run = await NewRunAsync();

        var error = await Assert.ThrowsAsync<AriadneException>(() => Store.LogBatchOnceAsync(run.RunId, clientId, sequence, [new Metric("m", 1, T0, 0)], [], [], None));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Contains(sequence < 1 ? "sequence" : "client_id", error.Message, StringComparison.Ordinal);
        Assert.Empty(await Store.GetMetricHistoryAsync(run.RunId, "m", None));
    }

    [Fact]
    public async Task A_sequenced_batch_for_a_deleted_run_is_refused_like_any_write()
    {
        var run = await NewRunAsync();
        await Store.SetRunLifecycleAsync(run.RunId, LifecycleStage.Deleted, None);

        var error = await Assert.ThrowsAsync<AriadneException>(() => Store.LogBatchOnceAsync(run.RunId, "writer", 1, [new Metric("m", 1, T0, 0)], [], [], None));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Contains("is deleted", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stored_status_this_version_does_not_know_reads_as_FAILED_in_every_store()
    {
        var experiment = await NewExperimentAsync();
        var run = await NewRunAsync(experiment);
        await SetStoredRunStatusAsync(run.RunId, "PAUSED");

        var read = await Store.GetRunAsync(run.RunId, None);
        var found = await Store.SearchRunsAsync(new RunSearch([experiment], null, null, 10, null, ViewType.ActiveOnly), None);

        Assert.Equal(RunStatus.Failed, read.Info.Status);
        Assert.Equal(RunStatus.Failed, Assert.Single(found.Runs).Info.Status);
    }

    [Fact]
    public async Task A_stored_stage_this_version_does_not_know_reads_as_active_and_search_finds_the_run_as_active()
    {
        var experiment = await NewExperimentAsync();
        var run = await NewRunAsync(experiment);
        await SetStoredRunStageAsync(run.RunId, "archived");

        var read = await Store.GetRunAsync(run.RunId, None);
        var active = await Store.SearchRunsAsync(new RunSearch([experiment], null, null, 10, null, ViewType.ActiveOnly), None);
        var deleted = await Store.SearchRunsAsync(new RunSearch([experiment], null, null, 10, null, ViewType.DeletedOnly), None);
        var activity = await Store.GetExperimentActivityAsync(None);

        Assert.Equal(LifecycleStage.Active, read.Info.LifecycleStage);
        Assert.Equal(run.RunId, Assert.Single(active.Runs).Info.RunId);
        Assert.Empty(deleted.Runs);
        Assert.Equal(1, Assert.Single(activity, a => a.ExperimentId == experiment).Runs);
    }
}
