using Ariadne.Postgres;
using Ariadne.Schedules;
using Ariadne.Tests.Postgres;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Schedules;

/// <summary>Schedulers of several servers over one real PostgreSQL database: each slot runs once, claimed by its derived run id.</summary>
[Trait("Service", "PostgreSQL")]
[Collection(PostgresServerCollection.Name)]
public sealed class PostgresSchedulerTests(PostgresServerFixture server)
{
    [Fact]
    public async Task Three_schedulers_on_one_PostgreSQL_store_run_each_slot_once_over_a_downtime()
    {
        using var workspace = new TestWorkspace();
        workspace.Write("ariadne.yaml", "schedules:\n  hourly:\n    command: \"echo once\"\n    cron: \"0 * * * *\"\n");
        var file = ScheduleFile.Load(workspace.Root);
        var uri = await server.CreateDatabaseAsync();
        var stores = Enumerable.Range(0, 3).Select(_ => PostgresStore.Open(uri)).ToList();
        try
        {
            var time = new ManualTime(new DateTimeOffset(2026, 12, 2, 9, 59, 0, TimeSpan.Zero));
            var schedulers = stores.Select(store => new Scheduler(file.Schedules, new ScheduleRunner(new ScheduleRunnerOptions
            {
                Store = store,
                WorkspaceRoot = workspace.Root,
                Workspace = workspace.Open(),
                Time = time,
            }))).ToList();

            time.Now = time.Now.AddMinutes(1); // 10:00
            var first = (await Task.WhenAll(schedulers.Select(s => s.RunDueAsync(CancellationToken.None)))).SelectMany(e => e).ToList();
            time.Now = time.Now.AddHours(3.5); // 13:30: three slots passed
            var second = (await Task.WhenAll(schedulers.Select(s => s.RunDueAsync(CancellationToken.None)))).SelectMany(e => e).ToList();

            Assert.Single(first, e => e.Claimed);
            Assert.Single(second, e => e.Claimed);
            var experiment = await stores[0].GetExperimentByNameAsync(ScheduleKeys.Experiment, CancellationToken.None);
            var runs = (await stores[0].SearchRunsAsync(new RunSearch([experiment!.ExperimentId]), CancellationToken.None)).Runs;
            Assert.Equal(["2026-12-02T10:00:00Z", "2026-12-02T13:00:00Z"], runs.Select(r => r.Tags.Single(t => t.Key == ScheduleKeys.SlotTag).Value).Order());
            Assert.All(runs, r => Assert.Equal(RunStatus.Finished, r.Info.Status));
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }

            await server.DropDatabaseAsync(uri);
        }
    }
}
