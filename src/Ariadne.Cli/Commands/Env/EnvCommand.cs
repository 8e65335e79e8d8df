using System.CommandLine;

namespace Ariadne.Cli.Commands.Env;

/// <summary><c>ariadne env show|diff|export</c>: the environment a run recorded, how it differs, and a recipe that rebuilds it.</summary>
internal static class EnvCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("env", "Show the environment a run recorded, compare it with another run or this machine, export it as a Dockerfile.");
        command.Subcommands.Add(EnvShowCommand.Create(context));
        command.Subcommands.Add(EnvDiffCommand.Create(context));
        command.Subcommands.Add(EnvExportCommand.Create(context));
        return command;
    }
}
