using System.CommandLine;
using Ariadne.Workspace;

namespace Ariadne.Cli.Commands;

internal static class CheckoutCommand
{
    public static Command Create(CliContext context)
    {
        var targets = new Argument<string[]>("target") { Description = "Tracked paths to restore (default: all)", Arity = ArgumentArity.ZeroOrMore };
        var force = new Option<bool>("--force", "-f") { Description = "Overwrite or remove files whose content is not in the cache" };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var command = new Command("checkout", "Make the workspace match the pointer files (for example after 'git checkout').") { targets, force, json };
        command.SetAction(parse =>
        {
            var workspace = context.OpenWorkspace();
            var result = context.WithProgress(progress => new WorkspaceCheckout(workspace, progress).Checkout(context.FullPaths(parse.GetValue(targets)), parse.GetValue(force)));
            Report(context, result, parse.GetValue(json));
            return result.Complete ? ExitCodes.Success : ExitCodes.Incomplete;
        });
        return command;
    }

    public static void Report(CliContext context, CheckoutResult result, bool json)
    {
        if (json)
        {
            JsonOutput.Write(context, w =>
            {
                w.WriteStartObject();
                w.WriteNumber("restored", result.Restored);
                w.WriteNumber("removed", result.Removed);
                w.WriteNumber("unchanged", result.Unchanged);
                w.WriteStrings("not_in_cache", result.NotInCache);
                w.WriteStrings("corrupt", result.Corrupt);
                w.WriteEndObject();
            });
            return;
        }

        context.Console.WriteLine($"Restored {result.Restored} file(s), removed {result.Removed}, {result.Unchanged} already up to date.");
        if (result.Corrupt.Count > 0)
        {
            context.Error.WriteLine($"{result.Corrupt.Count} path(s) were left as they are because their cache object no longer matches its hash (a hard-linked copy was probably edited in place):");
            foreach (var path in result.Corrupt.Take(20))
            {
                context.Error.WriteLine($"    {path}");
            }

            context.Error.WriteLine("Run 'ariadne verify' to see which remote holds a good copy, then 'ariadne verify --repair' and 'ariadne checkout --force'.");
        }

        if (result.NotInCache.Count > 0)
        {
            context.Error.WriteLine($"{result.NotInCache.Count} path(s) could not be restored because their content is not in the cache:");
            foreach (var path in result.NotInCache.Take(20))
            {
                context.Error.WriteLine($"    {path}");
            }

            context.Error.WriteLine("Fetch them with 'ariadne pull' (or 'ariadne fetch' then 'ariadne checkout').");
        }
    }
}
