using System.CommandLine;
using Ariadne.Tracking;

namespace Ariadne.Cli.Commands.Tracking;

internal static class RunsCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("runs", "List, search, show, compare, delete, restore and export runs.");
        command.Subcommands.Add(RunsListCommand.Create(context));
        command.Subcommands.Add(RunsShowCommand.Create(context));
        command.Subcommands.Add(RunsCompareCommand.Create(context));
        command.Subcommands.Add(RunsLifecycleCommand.Create(context, LifecycleStage.Deleted));
        command.Subcommands.Add(RunsLifecycleCommand.Create(context, LifecycleStage.Active));
        command.Subcommands.Add(RunsExportCommand.Create(context));
        return command;
    }
}
