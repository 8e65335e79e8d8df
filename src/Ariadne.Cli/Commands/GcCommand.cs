using System.CommandLine;
using Ariadne.Workspace;

namespace Ariadne.Cli.Commands;

internal static class GcCommand
{
    public static Command Create(CliContext context)
    {
        var dryRun = new Option<bool>("--dry-run", "-n") { Description = "Only list what would be removed" };
        var allCommits = new Option<bool>("--all-commits", "-A") { Description = "Also keep objects referenced by pointer files in any git commit" };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var command = new Command("gc", "Remove cache objects that no pointer file refers to.") { dryRun, allCommits, json };
        command.SetAction(parse =>
        {
            var result = new GarbageCollection(context.OpenWorkspace()).Collect(parse.GetValue(allCommits), parse.GetValue(dryRun));
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context, w =>
                {
                    w.WriteStartObject();
                    w.WriteBoolean("dry_run", result.DryRun);
                    w.WriteNumber("kept", result.Kept);
                    w.WriteNumber("removed_bytes", result.RemovedBytes);
                    w.WriteStrings("removed", result.Removed.Select(h => h.Hex));
                    w.WriteEndObject();
                });
                return ExitCodes.Success;
            }

            if (result.DryRun)
            {
                foreach (var hash in result.Removed)
                {
                    context.Console.WriteLine($"would remove {hash.Hex}");
                }
            }

            context.Console.WriteLine($"{(result.DryRun ? "Would remove" : "Removed")} {result.Removed.Count} object(s) ({Format.Bytes(result.RemovedBytes)}); kept {result.Kept}.");
            return ExitCodes.Success;
        });
        return command;
    }
}
