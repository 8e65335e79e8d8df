using System.CommandLine;

namespace Ariadne.Cli.Commands.Models;

/// <summary><c>ariadne models delete NAME [--version N]</c>.</summary>
internal static class ModelsDeleteCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("name");
        var version = new Option<int?>("--version") { Description = "Delete only this version (its number is not reused)" };
        var command = new Command("delete", "Delete a registered model with all its versions and aliases, or one version. The stored files stay in the cache until 'ariadne gc'.") { name, version };
        command.SetAction(async (parse, ct) =>
        {
            var model = parse.GetValue(name)!;
            await using var tracking = context.OpenTracking();
            if (parse.GetValue(version) is { } number)
            {
                await tracking.Store.DeleteModelVersionAsync(model, number, ct).ConfigureAwait(false);
                context.Console.WriteLine($"Deleted models:/{model}/{number}.");
            }
            else
            {
                await tracking.Store.DeleteRegisteredModelAsync(model, ct).ConfigureAwait(false);
                context.Console.WriteLine($"Deleted registered model '{model}' with its versions.");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
