using System.CommandLine;

namespace Ariadne.Cli.Commands.Schedule;

/// <summary><c>ariadne schedule list|run-now</c>: the schedules of <c>ariadne.yaml</c> (<c>ariadne server</c> runs them).</summary>
internal static class ScheduleCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("schedule", "Show and trigger the schedules of ariadne.yaml's 'schedules:' section ('ariadne server' runs them on their cron or dataset trigger).");
        command.Subcommands.Add(ScheduleListCommand.Create(context));
        command.Subcommands.Add(ScheduleRunNowCommand.Create(context));
        return command;
    }
}
