using System.CommandLine;
using Ariadne.Workspace;

namespace Ariadne.Cli.Commands;

internal static class MoveCommand
{
    public static Command Create(CliContext context)
    {
        var from = new Argument<string>("old") { Description = "A tracked file or folder (or its .ari pointer file)" };
        var to = new Argument<string>("new") { Description = "Its new path (must not exist; may be in another folder)" };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var command = new Command("move", "Rename a tracked file or folder together with its pointer file and .gitignore entry.") { from, to, json };
        command.SetAction(parse =>
        {
            var result = new DataMove(context.OpenWorkspace()).Move(context.FullPath(parse.GetValue(from)!), context.FullPath(parse.GetValue(to)!));
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("old_path", result.OldPath);
                    w.WriteString("new_path", result.NewPath);
                    w.WriteString("old_pointer", result.OldPointerPath);
                    w.WriteString("new_pointer", result.NewPointerPath);
                    w.WriteEndObject();
                });
                return ExitCodes.Success;
            }

            context.Console.WriteLine($"Moved {result.OldPath} -> {result.NewPath} (pointer {result.NewPointerPath}).");
            context.Console.WriteLine($"Commit the change: git add -A {Format.Shell(result.OldPointerPath)} {Format.Shell(result.NewPointerPath)} and the .gitignore files.");
            return ExitCodes.Success;
        });
        return command;
    }
}
