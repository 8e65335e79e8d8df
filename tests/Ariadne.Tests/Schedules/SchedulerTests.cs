using Ariadne.Schedules;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Schedules;

/// <summary>
/// The scheduler on a clock the test moves, over the real SQLite store of a workspace, running real shell commands:
/// a slot runs once, a long downtime runs once, two schedulers share a slot, a dataset's new version triggers a run.
/// </summary>
public sealed class SchedulerTests : IDisposable
{
    private static readonly DateTimeOffset Ten = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);
    private readonly TestWorkspace _workspace = new();
    private readonly List<IAsyncDisposable> _clients = [];

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        _workspace.Dispose();
    }

    private ScheduleFile Schedules(string yaml)
    {
        _workspace.Write("ariadne.yaml", yaml);
        return ScheduleFile.Load(_workspace.Root);
    }

    /// <summary>A scheduler with its own connection to the workspace's store, as a separate server would have.</summary>
    private Scheduler NewScheduler(ScheduleFile file, TimeProvider time)
    {
        var tracking = TrackingClient.Open(folder: _workspace.Root, time: time);
        _clients.Add(tracking);
        return new Scheduler(file.Schedules, new ScheduleRunner(new ScheduleRunnerOptions
        {
            Store = tracking.Store,
            WorkspaceRoot = _workspace.Root,
            Workspace = _workspace.Open(),
            Time = time,
        }));
    }

    private async Task<List<Run>> ScheduleRunsAsync()
    {
        await using var tracking = TrackingClient.Open(folder: _workspace.Root);
        var experiment = await tracking.Store.GetExperimentByNameAsync(ScheduleKeys.Experiment, CancellationToken.None);
        if (experiment is null)
        {
            return [];
        }

        return (await tracking.Store.SearchRunsAsync(new RunSearch([experiment.ExperimentId]), CancellationToken.None)).Runs.ToList();
    }

    private static string Tag(Run run, string key) => run.Tags.Single(t => t.Key == key).Value;

    private const string Hourly = """
        schedules:
          hourly:
            command: "echo ran at $ARIADNE_RUN_ID"
            cron: "0 * * * *"
        """;

    [Fact]
    public async Task A_slot_runs_once_as_a_finished_run_with_its_output_log()
    {
        var file = Schedules(Hourly);
        var time = new ManualTime(Ten.AddMinutes(-1));
        var scheduler = NewScheduler(file, time);

        Assert.Empty(await scheduler.RunDueAsync(CancellationToken.None)); // 09:59: no slot since the start
        time.Now = Ten.AddSeconds(5);
        var execution = Assert.Single(await scheduler.RunDueAsync(CancellationToken.None));
        time.Now = Ten.AddMinutes(30);
        Assert.Empty(await scheduler.RunDueAsync(CancellationToken.None));
        Assert.Empty(await NewScheduler(file, time).RunDueAsync(CancellationToken.None)); // a restart agrees: the store has the run

        Assert.True(execution.Claimed);
        Assert.Equal(0, execution.ExitCode);
        var run = Assert.Single(await ScheduleRunsAsync());
        Assert.Equal(execution.RunId, run.Info.RunId);
        Assert.Equal(RunStatus.Finished, run.Info.Status);
        Assert.Equal("hourly", Tag(run, ScheduleKeys.ScheduleTag));
        Assert.Equal("cron", Tag(run, ScheduleKeys.TriggerTag));
        Assert.Equal("2026-12-02T10:00:00Z", Tag(run, ScheduleKeys.SlotTag));
        Assert.Equal("0", Tag(run, "ariadne.run.exit_code"));
        await using var tracking = TrackingClient.Open(folder: _workspace.Root);
        var log = Path.Combine(_workspace.Root, "log.txt");
        await tracking.DownloadArtifactAsync(run.Info.RunId, "logs/output.log", log);
        Assert.Equal($"ran at {run.Info.RunId}\n", await File.ReadAllTextAsync(log)); // the command logs into its run with the SDK's variable
    }

    [Fact]
    public async Task Downtime_across_three_slots_runs_once_when_the_scheduler_is_back()
    {
        var file = Schedules(Hourly);
        var time = new ManualTime(Ten.AddMinutes(-1));
        var before = NewScheduler(file, time);
        time.Now = Ten.AddSeconds(1);
        Assert.Single(await before.RunDueAsync(CancellationToken.None));

        // The server is down from 10:01 to 13:30: the slots of 11:00, 12:00 and 13:00 pass.
        time.Now = Ten.AddHours(3.5);
        var after = NewScheduler(file, time);
        var executions = await after.RunDueAsync(CancellationToken.None);
        Assert.Empty(await after.RunDueAsync(CancellationToken.None));

        var missed = Assert.Single(executions);
        Assert.Equal("2026-12-02T13:00:00Z", missed.Occasion);
        var slots = (await ScheduleRunsAsync()).Select(r => Tag(r, ScheduleKeys.SlotTag)).Order().ToList();
        Assert.Equal(["2026-12-02T10:00:00Z", "2026-12-02T13:00:00Z"], slots);
    }

    [Fact]
    public async Task Two_schedulers_on_one_store_run_a_slot_once()
    {
        var file = Schedules("""
            schedules:
              hourly:
                command: "sleep 0.5; echo once"
                cron: "0 * * * *"
            """);
        var time = new ManualTime(Ten.AddMinutes(-1));
        var first = NewScheduler(file, time);
        var second = NewScheduler(file, time);
        Assert.Empty(await first.RunDueAsync(CancellationToken.None)); // both have looked at the store before the slot
        Assert.Empty(await second.RunDueAsync(CancellationToken.None));
        time.Now = Ten.AddSeconds(2);

        var both = await Task.WhenAll(first.RunDueAsync(CancellationToken.None), second.RunDueAsync(CancellationToken.None));

        var executions = both.SelectMany(e => e).ToList();
        Assert.Equal(2, executions.Count); // both saw the slot...
        Assert.Single(executions, e => e.Claimed); // ...one ran it
        Assert.Equal(executions[0].RunId, executions[1].RunId); // the same derived run id
        var runs = await ScheduleRunsAsync();
        Assert.True(runs.Count == 1, $"{runs.Count} schedule runs; executions: {string.Join("; ", executions)}; the store: {await DescribeStoreAsync()}");
    }

    /// <summary>Every experiment and run in the workspace's store, for a failure message.</summary>
    private async Task<string> DescribeStoreAsync()
    {
        await using var tracking = TrackingClient.Open(folder: _workspace.Root);
        var experiments = await tracking.Store.SearchExperimentsAsync(new ExperimentSearch(ViewType: ViewType.All), CancellationToken.None);
        var lines = new List<string>();
        foreach (var experiment in experiments.Experiments)
        {
            var runs = await tracking.Store.SearchRunsAsync(new RunSearch([experiment.ExperimentId], ViewType: ViewType.All), CancellationToken.None);
            lines.Add($"experiment {experiment.ExperimentId} '{experiment.Name}' ({experiment.LifecycleStage}): "
                + string.Join(", ", runs.Runs.Select(r => $"{r.Info.RunId} {r.Info.Status} {r.Info.LifecycleStage}")));
        }

        return string.Join(" | ", lines);
    }

    [Fact]
    public async Task Failing_command_ends_its_run_failed_with_the_exit_code()
    {
        var file = Schedules("""
            schedules:
              broken:
                command: "echo about to fail >&2; exit 3"
                cron: "0 * * * *"
            """);
        var time = new ManualTime(Ten.AddMinutes(-1));
        var scheduler = NewScheduler(file, time);
        time.Now = Ten;

        var execution = Assert.Single(await scheduler.RunDueAsync(CancellationToken.None));

        Assert.Equal(3, execution.ExitCode);
        var run = Assert.Single(await ScheduleRunsAsync());
        Assert.Equal(RunStatus.Failed, run.Info.Status);
        Assert.Equal("3", Tag(run, "ariadne.run.exit_code"));
    }

    [Fact]
    public async Task New_dataset_version_triggers_one_run_and_versions_from_before_the_start_do_not()
    {
        var file = Schedules("""
            schedules:
              retrain:
                command: "echo new data"
                on_dataset: data/penguins.csv
            """);
        _workspace.Write("data/penguins.csv", "species\nAdelie\n");
        _workspace.CliOk("add", "data/penguins.csv");
        _workspace.CliOk("datasets", "tag", "data/penguins.csv.ari", "penguins@v1");
        var time = new ManualTime(DateTimeOffset.UtcNow.AddSeconds(1));
        var scheduler = NewScheduler(file, time);

        Assert.Empty(await scheduler.RunDueAsync(CancellationToken.None)); // v1 was there before the scheduler

        await Task.Delay(1100);
        _workspace.Write("data/penguins.csv", "species\nAdelie\nGentoo\n");
        _workspace.CliOk("add", "data/penguins.csv");
        _workspace.CliOk("datasets", "tag", "data/penguins.csv.ari", "penguins@v2");
        var execution = Assert.Single(await scheduler.RunDueAsync(CancellationToken.None));
        Assert.Empty(await scheduler.RunDueAsync(CancellationToken.None));
        Assert.Empty(await NewScheduler(file, new ManualTime(DateTimeOffset.UtcNow.AddMinutes(1))).RunDueAsync(CancellationToken.None)); // a restart agrees

        Assert.Equal("penguins@v2", execution.Occasion);
        var run = Assert.Single(await ScheduleRunsAsync());
        Assert.Equal("dataset", Tag(run, ScheduleKeys.TriggerTag));
        Assert.Equal("penguins@v2", Tag(run, ScheduleKeys.DatasetTag));
        Assert.Equal(RunStatus.Finished, run.Info.Status);
    }
}
