using System.CommandLine;

namespace Ariadne.Cli.Commands.Models;

/// <summary><c>ariadne models alias NAME ALIAS VERSION</c>, or <c>ariadne models alias NAME ALIAS --delete</c>.</summary>
internal static class ModelsAliasCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("name");
        var alias = new Argument<string>("alias") { Description = "e.g. champion: letters, digits, '_' or '-'; 'latest' and 'v<number>' are reserved" };
        var version = new Argument<int?>("version") { Description = "The version the alias points at (moved from where it pointed before)", Arity = ArgumentArity.ZeroOrOne };
        var delete = new Option<bool>("--delete") { Description = "Remove the alias instead" };
        var command = new Command("alias", "Point an alias at a version (one version per alias), or remove it.") { name, alias, version, delete };
        command.SetAction(async (parse, ct) =>
        {
            var model = parse.GetValue(name)!;
            var aliasName = parse.GetValue(alias)!;
            await using var tracking = context.OpenTracking();
            if (parse.GetValue(delete))
            {
                await tracking.Store.DeleteModelAliasAsync(model, aliasName, ct).ConfigureAwait(false);
                context.Console.WriteLine($"Removed alias {model}@{aliasName}.");
                return ExitCodes.Success;
            }

            var number = parse.GetValue(version) ?? throw AriadneException.InvalidArgument($"Say which version '{aliasName}' points at, e.g. 'ariadne models alias {model} {aliasName} 3', or pass --delete to remove it.");
            var before = (await tracking.Store.GetRegisteredModelAsync(model, ct).ConfigureAwait(false)).Aliases.TryGetValue(aliasName, out var old) ? old : (int?)null;
            await tracking.Store.SetModelAliasAsync(model, aliasName, number, ct).ConfigureAwait(false);
            context.Console.WriteLine($"models:/{model}@{aliasName} → version {number}{(before is { } b && b != number ? $" (was version {b})" : "")}");
            return ExitCodes.Success;
        });
        return command;
    }
}
