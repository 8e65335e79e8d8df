using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ariadne.Schedules;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Schedules;

/// <summary>'ariadne schedule list|run-now' through the CLI, and real 'ariadne server' processes running a schedule every two seconds.</summary>
public sealed partial class ScheduleCommandTests : IDisposable
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
    public async Task Run_now_runs_in_the_foreground_as_a_manual_run_and_exits_with_the_action_exit_code()
    {
        _workspace.Write("ariadne.yaml", """
            schedules:
              export:
                command: "echo exporting; exit 4"
                cron: "0 6 * * *"
            """);

        var result = _workspace.Cli("schedule", "run-now", "export");

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("exporting", result.Out, StringComparison.Ordinal);
        var run = Assert.Single(await ScheduleRunsAsync());
        Assert.Equal("manual", Tag(run, ScheduleKeys.TriggerTag));
        Assert.Null(Tag(run, ScheduleKeys.SlotTag));
        Assert.Equal(RunStatus.Failed, run.Info.Status);
        Assert.Contains(run.Info.RunId, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_now_of_a_pipeline_schedule_reproduces_the_pipeline_with_the_ariadne_command()
    {
        _workspace.Write("ariadne.yaml", """
            stages:
              make:
                cmd: echo made > out.txt
                outs: [out.txt]
            schedules:
              nightly:
                pipeline: true
                cron: "0 6 * * *"
                timezone: Europe/Berlin
            """);

        var result = _workspace.Cli("schedule", "run-now", "nightly");

        Assert.True(result.ExitCode == 0, result.Error + result.Out);
        Assert.Equal("made\n", _workspace.Read("out.txt"));
        var run = Assert.Single(await ScheduleRunsAsync());
        Assert.Equal(RunStatus.Finished, run.Info.Status);
        Assert.Equal("ariadne repro", Tag(run, "ariadne.run.command"));
    }

    [Fact]
    public void Run_now_of_an_unknown_schedule_suggests_the_one_meant()
    {
        _workspace.Write("ariadne.yaml", "schedules:\n  nightly:\n    command: \"true\"\n    cron: \"0 6 * * *\"\n");

        var result = _workspace.Cli("schedule", "run-now", "nighly");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("There is no schedule 'nighly'. Did you mean 'nightly'?", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void List_json_has_each_schedule_with_its_trigger_next_time_in_its_zone_and_last_run()
    {
        _workspace.Write("ariadne.yaml", """
            schedules:
              nightly:
                command: "echo night"
                cron: "0 6 * * *"
                timezone: Europe/Berlin
              retrain:
                command: "echo retrain"
                on_dataset: penguins
            """);
        _workspace.CliOk("schedule", "run-now", "nightly");

        var result = _workspace.CliOk("schedule", "list", "--json");

        using var json = JsonDocument.Parse(result.Out);
        var schedules = json.RootElement.GetProperty("schedules").EnumerateArray().ToList();
        Assert.Equal(["nightly", "retrain"], schedules.Select(s => s.GetProperty("name").GetString()));
        var nightly = schedules[0];
        Assert.Equal("cron", nightly.GetProperty("trigger").GetString());
        Assert.Equal("0 6 * * *", nightly.GetProperty("cron").GetString());
        Assert.Equal("Europe/Berlin", nightly.GetProperty("timezone").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT06:00:00\+0[12]:00$", nightly.GetProperty("next_local").GetString());
        var last = Assert.Single(nightly.GetProperty("runs").EnumerateArray());
        Assert.Equal("FINISHED", last.GetProperty("status").GetString());
        Assert.Equal("manual", last.GetProperty("trigger").GetString());
        Assert.Equal(0, last.GetProperty("exit_code").GetInt32());
        var retrain = schedules[1];
        Assert.Equal("dataset", retrain.GetProperty("trigger").GetString());
        Assert.Equal("penguins", retrain.GetProperty("dataset").GetString());
        Assert.Equal(JsonValueKind.Null, retrain.GetProperty("next").ValueKind);
        Assert.Empty(retrain.GetProperty("runs").EnumerateArray());

        var table = _workspace.CliOk("schedule", "list").Out;
        Assert.Contains("cron 0 6 * * * (Europe/Berlin)", table, StringComparison.Ordinal);
        Assert.Contains("FINISHED", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Server_refuses_to_start_with_bad_schedules_and_names_the_line()
    {
        _workspace.Write("ariadne.yaml", "schedules:\n  nightly:\n    pipeline: true\n    cron: \"0 6 * *\"\n");

        var result = _workspace.Cli("server", "--port", "0");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("ariadne.yaml:4: schedule 'nightly': cron '0 6 * *' is not valid", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_server_processes_on_one_store_record_each_slot_of_a_two_second_schedule_once()
    {
        _workspace.Write("ariadne.yaml", """
            schedules:
              tick:
                command: "echo tick"
                cron: "*/2 * * * * *"
            """);
        _workspace.Write("data.txt", "x");
        using var first = StartServer();
        using var second = StartServer();
        try
        {
            await WaitForBannerAsync(first);
            await WaitForBannerAsync(second);
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while ((await ScheduleRunsAsync()).Count(r => r.Info.Status == RunStatus.Finished) < 4 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
        }
        finally
        {
            foreach (var server in new[] { first, second })
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
            }
        }

        var runs = await ScheduleRunsAsync();
        Assert.True(runs.Count(r => r.Info.Status == RunStatus.Finished) >= 4, $"{runs.Count} run(s) in 90 s");
        var slots = runs.Select(r => Tag(r, ScheduleKeys.SlotTag)!).ToList();
        Assert.Equal(slots.Count, slots.Distinct().Count()); // no slot twice
        Assert.All(slots, slot => Assert.Equal(0, DateTimeOffset.Parse(slot, System.Globalization.CultureInfo.InvariantCulture).Second % 2));
        Assert.All(runs, run => Assert.Equal("cron", Tag(run, ScheduleKeys.TriggerTag)));
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

        Assert.Matches(ScheduleBanner(), seen.ToString());
        // Keep draining its output so it never blocks on a full pipe.
        _ = server.StandardOutput.ReadToEndAsync();
        _ = server.StandardError.ReadToEndAsync();
    }

    [GeneratedRegex(@"schedules: tick \(cron \*/2 \* \* \* \* \* \(UTC\)\)")]
    private static partial Regex ScheduleBanner();
}
