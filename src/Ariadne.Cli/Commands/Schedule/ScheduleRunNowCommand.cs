using System.CommandLine;
using Ariadne.Schedules;

namespace Ariadne.Cli.Commands.Schedule;

/// <summary>
/// <c>ariadne schedule run-now NAME</c>: runs a schedule's action now, in the foreground, as a run with trigger
/// <c>manual</c>; its output is shown as it comes and its exit code is the command's.
/// </summary>
internal static class ScheduleRunNowCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "The schedule's name in ariadne.yaml" };
        var command = new Command("run-now", "Run a schedule's action now, in the foreground, recorded as a run (trigger 'manual'); exits with the action's exit code.") { name };
        command.SetAction(async (parse, ct) =>
        {
            var workspace = context.OpenWorkspace();
            var schedule = ScheduleFile.Load(workspace.Root).Find(parse.GetValue(name)!);
            await using var tracking = context.OpenTracking();
            var storeUri = Environment.GetEnvironmentVariable(Ariadne.Tracking.TrackingKeys.TrackingUriVariable) is { Length: > 0 } given
                ? given
                : "sqlite:///" + workspace.DatabaseFile.TrimStart('/');
            var runner = new ScheduleRunner(new ScheduleRunnerOptions
            {
                Store = tracking.Store,
                WorkspaceRoot = workspace.Root,
                Workspace = workspace,
                StoreUri = storeUri,
                AriadneCommand = ScheduleRunner.CurrentAriadne(typeof(CliApp).Assembly),
                Time = context.Time,
            });
            var output = context.Console.Profile.Out.Writer;
            var execution = await runner.RunAsync(schedule, ScheduleKeys.ManualTrigger, null, text =>
            {
                output.Write(text);
                output.Flush();
            }, ct).ConfigureAwait(false);
            context.Error.WriteLine($"Schedule '{schedule.Name}' ({schedule.Action}) exited {execution.ExitCode}: run {execution.RunId} in experiment '{ScheduleKeys.Experiment}' is {Ariadne.Tracking.StoredNames.Status(execution.Status!.Value)}.");
            return execution.ExitCode;
        });
        return command;
    }
}
