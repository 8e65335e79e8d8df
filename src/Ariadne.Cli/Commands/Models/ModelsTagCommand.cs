using System.CommandLine;

namespace Ariadne.Cli.Commands.Models;

/// <summary><c>ariadne models tag NAME KEY VALUE [--version N]</c>, or <c>ariadne models tag NAME KEY --delete [--version N]</c>.</summary>
internal static class ModelsTagCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("name");
        var key = new Argument<string>("key");
        var value = new Argument<string?>("value") { Arity = ArgumentArity.ZeroOrOne };
        var version = new Option<int?>("--version") { Description = "Tag this version instead of the model" };
        var delete = new Option<bool>("--delete") { Description = "Remove the tag instead" };
        var command = new Command("tag", "Set or remove a tag on a registered model or one of its versions.") { name, key, value, version, delete };
        command.SetAction(async (parse, ct) =>
        {
            var model = parse.GetValue(name)!;
            var tagKey = parse.GetValue(key)!;
            var number = parse.GetValue(version);
            var where = number is { } n ? $"{model} version {n}" : model;
            await using var tracking = context.OpenTracking();
            if (parse.GetValue(delete))
            {
                await (number is { } v
                    ? tracking.Store.DeleteModelVersionTagAsync(model, v, tagKey, ct)
                    : tracking.Store.DeleteRegisteredModelTagAsync(model, tagKey, ct)).ConfigureAwait(false);
                context.Console.WriteLine($"Removed tag '{tagKey}' from {where}.");
                return ExitCodes.Success;
            }

            var text = parse.GetValue(value) ?? throw AriadneException.InvalidArgument($"Give the tag a value, e.g. 'ariadne models tag {model} {tagKey} yes', or pass --delete to remove it.");
            await (number is { } version2
                ? tracking.Store.SetModelVersionTagAsync(model, version2, tagKey, text, ct)
                : tracking.Store.SetRegisteredModelTagAsync(model, tagKey, text, ct)).ConfigureAwait(false);
            context.Console.WriteLine($"{where}: {tagKey} = {text}");
            return ExitCodes.Success;
        });
        return command;
    }
}
