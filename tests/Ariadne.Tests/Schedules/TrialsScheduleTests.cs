using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Ariadne.Processes;
using Ariadne.Schedules;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Schedules;

/// <summary>
/// What a careless user does to <c>schedules:</c> and what a crash does to <c>ariadne server</c>, tried for real: a
/// name written twice, a command that hangs (the <c>timeout:</c> option), and <c>kill -9</c> of the server while a
/// schedule runs (the run is marked KILLED when a server comes back; the slot does not run again).
/// </summary>
public sealed class TrialsScheduleTests : IDisposable
{
    private readonly TestWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private async Task<List<Run>> ScheduleRunsAsync()
    {
        await using var tracking = TrackingClient.Open(folder: _workspace.Root);
        var experiment = await tracking.Store.GetExperimentByNameAsync(ScheduleKeys.Experiment, CancellationToken.None);
        return experiment is null ? [] : [.. (await tracking.Store.SearchRunsAsync(new RunSearch([experiment.ExperimentId]), CancellationToken.None)).Runs];
    }

    private static string? Tag(Run run, string key) => run.Tags.Where(t => t.Key == key).Select(t => (string?)t.Value).FirstOrDefault();

    [Fact]
    public void Two_schedules_with_the_same_name_are_an_error_with_both_lines()
    {
        var error = Assert.Throws<AriadneException>(() => ScheduleFile.Parse("""
            schedules:
              nightly:
                command: "echo one"
                cron: "0 6 * * *"
              nightly:
                command: "echo two"
                cron: "0 7 * * *"
            """, "/ws/ariadne.yaml", "/ws"));

        Assert.Equal(ErrorCode.MalformedConfig, error.Code);
        Assert.Contains("ariadne.yaml:5: 'nightly' is written twice in one mapping (first on line 2)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_timeout_that_is_not_a_duration_is_an_error_with_its_line()
    {
        var error = Assert.Throws<AriadneException>(() => ScheduleFile.Parse("""
            schedules:
              nightly:
                command: "echo one"
                cron: "0 6 * * *"
                timeout: soon
            """, "/ws/ariadne.yaml", "/ws"));

        Assert.Contains("ariadne.yaml:5: schedule 'nightly' has a timeout 'soon' that is not a duration", error.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromMinutes(30), ScheduleParser.Duration("30m"));
        Assert.Null(ScheduleParser.Duration("0s"));
        Assert.Null(ScheduleParser.Duration("-1h"));
    }

    [Fact]
    public async Task A_command_that_hangs_past_its_timeout_is_killed_and_its_run_fails_with_exit_code_124()
    {
        _workspace.Write("ariadne.yaml", """
            schedules:
              stuck:
                command: "echo started; sleep 300"
                cron: "0 6 * * *"
                timeout: 2s
            """);
        var watch = Stopwatch.StartNew();

        var result = _workspace.Cli("schedule", "run-now", "stuck");

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(120), $"took {watch.Elapsed}");
        Assert.Equal(124, result.ExitCode);
        Assert.Contains("started", result.Out, StringComparison.Ordinal);
        Assert.Contains("ran longer than its timeout (2s)", result.Out, StringComparison.Ordinal);
        var run = Assert.Single(await ScheduleRunsAsync());
        Assert.Equal(RunStatus.Failed, run.Info.Status);
        Assert.Equal("124", Tag(run, TrackedCommand.ExitCodeTag));
        Assert.Equal("2s", Tag(run, ScheduleKeys.TimeoutTag));
    }

    [Fact]
    public async Task Kill_9_of_the_server_mid_schedule_leaves_a_run_the_next_server_marks_killed_and_that_slot_does_not_run_again()
    {
        // Every 3 s a command that writes its pid and sleeps: the first slot is still running when the server is killed.
        _workspace.Write("ariadne.yaml", """
            schedules:
              slow:
                command: "echo $$ >> sleepers.txt; exec sleep 300"
                cron: "*/3 * * * * *"
            """);
        using var first = StartServer();
        Run running;
        try
        {
            await WaitForBannerAsync(first);
            running = await WaitForAsync(async () => (await ScheduleRunsAsync()).FirstOrDefault(r => r.Info.Status == RunStatus.Running), "a running schedule run");
        }
        finally
        {
            first.Kill(entireProcessTree: false); // SIGKILL to the server alone, as kill -9: its child keeps sleeping
            await first.WaitForExitAsync();
        }

        var slot = Tag(running, ScheduleKeys.SlotTag)!;
        using var second = StartServer();
        try
        {
            await WaitForBannerAsync(second);
            var killed = await WaitForAsync(async () => (await ScheduleRunsAsync()).FirstOrDefault(r => r.Info.RunId == running.Info.RunId && r.Info.Status == RunStatus.Killed), "the orphaned run marked KILLED");
            Assert.True(killed.Info.EndTime is not null);

            // The next slots run as usual; the killed slot is not run again.
            await WaitForAsync(async () => (await ScheduleRunsAsync()).FirstOrDefault(r => Tag(r, ScheduleKeys.SlotTag) != slot && Tag(r, TrackingKeys.PidTag) == second.Id.ToString(CultureInfo.InvariantCulture)), "a slot run by the second server");
            Assert.Single(await ScheduleRunsAsync(), r => Tag(r, ScheduleKeys.SlotTag) == slot);

            var list = JsonDocument.Parse(_workspace.CliOk("schedule", "list", "--json").Out).RootElement;
            var runs = list.GetProperty("schedules")[0].GetProperty("runs").EnumerateArray().ToList();
            Assert.Contains(runs, r => r.GetProperty("run_id").GetString() == running.Info.RunId && r.GetProperty("status").GetString() == "KILLED");
        }
        finally
        {
            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync();
            foreach (var line in File.Exists(_workspace.Path("sleepers.txt")) ? File.ReadAllLines(_workspace.Path("sleepers.txt")) : [])
            {
                try
                {
                    using var sleeper = Process.GetProcessById(int.Parse(line, CultureInfo.InvariantCulture));
                    sleeper.Kill();
                }
                catch (ArgumentException)
                {
                    // Already gone.
                }
            }
        }
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, string what)
        where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            await Task.Delay(300);
        }

        throw new TimeoutException($"No {what} within 90 s.");
    }

    private Process StartServer() => Process.Start(CliRunner.ProcessStart(_workspace.Root, "server", "--port", "0"))!;

    private static async Task WaitForBannerAsync(Process server)
    {
        var seen = new System.Text.StringBuilder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!seen.ToString().Contains("schedules:", StringComparison.Ordinal))
        {
            var line = await server.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException($"The server ended before it said it runs the schedules: {seen}{await server.StandardError.ReadToEndAsync()}");
            seen.AppendLine(line);
        }

        // Keep draining its output so it never blocks on a full pipe.
        _ = server.StandardOutput.ReadToEndAsync();
        _ = server.StandardError.ReadToEndAsync();
    }
}
