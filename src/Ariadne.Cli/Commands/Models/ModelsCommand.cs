using System.CommandLine;

namespace Ariadne.Cli.Commands.Models;

internal static class ModelsCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("models", "Register models, number their versions, point aliases such as 'champion' at them, and promote behind metric rules.");
        command.Subcommands.Add(ModelsRegisterCommand.Create(context));
        command.Subcommands.Add(ModelsListCommand.Create(context));
        command.Subcommands.Add(ModelsShowCommand.Create(context));
        command.Subcommands.Add(ModelsVersionsCommand.Create(context));
        command.Subcommands.Add(ModelsAliasCommand.Create(context));
        command.Subcommands.Add(ModelsTagCommand.Create(context));
        command.Subcommands.Add(ModelsDownloadCommand.Create(context));
        command.Subcommands.Add(ModelsDeleteCommand.Create(context));
        command.Subcommands.Add(ModelsPromoteCommand.Create(context));
        command.Subcommands.Add(ModelsCardCommand.Create(context));
        command.Subcommands.Add(ModelsPushCommand.Create(context));
        command.Subcommands.Add(ModelsPullCommand.Create(context));
        return command;
    }
}
