using System.CommandLine;
using Ariadne.Workspace;

namespace Ariadne.Cli.Commands;

internal static class InitCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("init", "Create .ariadne/ (config, cache) in the current folder. Safe to run again.");
        command.SetAction(_ =>
        {
            var (workspace, created) = DataWorkspace.Init(context.WorkingDirectory, context.Time);
            context.Console.MarkupLineInterpolated($"{(created ? "Initialised" : "Already initialised:")} Ariadne workspace in [bold]{workspace.Root}[/]");
            if (created && workspace.GitRoot is null)
            {
                context.Console.WriteLine("Note: this folder is not in a git repository. Tracking works; 'ariadne diff' and 'gc --all-commits' need git ('git init').");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
