using System.CommandLine;
using Ariadne.Workspace;

namespace Ariadne.Cli.Commands;

internal static class RemoveCommand
{
    public static Command Create(CliContext context)
    {
        var targets = new Argument<string[]>("target") { Description = "Pointer files (data.ari) or tracked paths to stop tracking", Arity = ArgumentArity.OneOrMore };
        var keepData = new Option<bool>("--keep-data") { Description = "Leave the files in the workspace (only the pointer file and the .gitignore entry go)" };
        var force = new Option<bool>("--force", "-f") { Description = "Also delete files whose changes were never recorded" };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var command = new Command("remove", "Stop tracking paths: remove their pointer files and .gitignore entries, and the workspace files unless --keep-data (the cache keeps the objects until 'ariadne gc').") { targets, keepData, force, json };
        command.SetAction(parse =>
        {
            var workspace = context.OpenWorkspace();
            var results = new DataRemoval(workspace).Remove(context.FullPaths(parse.GetValue(targets)), parse.GetValue(keepData), parse.GetValue(force));
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context, w =>
                {
                    w.WriteStartArray();
                    foreach (var r in results)
                    {
                        w.WriteStartObject();
                        w.WriteString("path", r.Path);
                        w.WriteString("pointer", r.PointerPath);
                        w.WriteBoolean("data_removed", r.DataRemoved);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                });
                return ExitCodes.Success;
            }

            foreach (var r in results)
            {
                context.Console.WriteLine($"Stopped tracking {r.Path} (removed {r.PointerPath}{(r.DataRemoved ? " and the data" : "; the data stays")}).");
            }

            context.Console.WriteLine("Commit the change: git add -A on the pointer files and .gitignore. The cache keeps the objects until 'ariadne gc'.");
            return ExitCodes.Success;
        });
        return command;
    }
}
