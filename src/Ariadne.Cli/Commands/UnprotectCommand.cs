using System.CommandLine;
using Ariadne.Workspace;

namespace Ariadne.Cli.Commands;

internal static class UnprotectCommand
{
    public static Command Create(CliContext context)
    {
        var targets = new Argument<string[]>("target") { Description = "Tracked files or folders to make editable", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var command = new Command("unprotect", "Turn hard-linked tracked files into editable copies, so editing them cannot change the cache.") { targets, json };
        command.SetAction(parse =>
        {
            var result = new Unprotection(context.OpenWorkspace()).Unprotect(context.FullPaths(parse.GetValue(targets)));
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context, w =>
                {
                    w.WriteStartObject();
                    w.WriteNumber("copied", result.Copied);
                    w.WriteNumber("already_editable", result.AlreadyEditable);
                    w.WriteEndObject();
                });
                return ExitCodes.Success;
            }

            context.Console.WriteLine($"Made {result.Copied} hard-linked file(s) into editable copies; {result.AlreadyEditable} already were. Edit them freely, then 'ariadne add' to record the change.");
            return ExitCodes.Success;
        });
        return command;
    }
}
