using System.CommandLine;
using Ariadne.Workspace;

namespace Ariadne.Cli.Commands;

internal static class DiffCommand
{
    public static Command Create(CliContext context)
    {
        var revision = new Argument<string>("git-rev") { Description = "Git revision to compare with (default HEAD)", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Print the differences as JSON" };
        var command = new Command("diff", "List tracked files added, modified or deleted since a git revision's pointer files.") { revision, json };
        command.SetAction(parse =>
        {
            var workspace = context.OpenWorkspace();
            var rev = parse.GetValue(revision) ?? "HEAD";
            var entries = context.WithProgress(progress => new WorkspaceDiff(workspace, progress).Against(rev));
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context, w =>
                {
                    w.WriteStartObject();
                    foreach (var change in Enum.GetValues<DiffChange>())
                    {
                        w.WriteStartArray(change.ToString().ToLowerInvariant());
                        foreach (var e in entries.Where(e => e.Change == change))
                        {
                            w.WriteStartObject();
                            w.WriteString("path", e.Path);
                            if (e.OldHash is { } old)
                            {
                                w.WriteString("old_blake3", old.Hex);
                            }

                            if (e.NewHash is { } now)
                            {
                                w.WriteString("new_blake3", now.Hex);
                            }

                            w.WriteEndObject();
                        }

                        w.WriteEndArray();
                    }

                    w.WriteEndObject();
                });
                return ExitCodes.Success;
            }

            if (entries.Count == 0)
            {
                context.Console.WriteLine($"No tracked data changed since {rev}.");
                return ExitCodes.Success;
            }

            foreach (var e in entries)
            {
                var label = e.Change switch
                {
                    DiffChange.Added => "added:   ",
                    DiffChange.Deleted => "deleted: ",
                    _ => "modified:",
                };
                context.Console.WriteLine($"{label} {e.Path}");
            }

            context.Console.WriteLine($"{entries.Count(e => e.Change == DiffChange.Added)} added, {entries.Count(e => e.Change == DiffChange.Modified)} modified, {entries.Count(e => e.Change == DiffChange.Deleted)} deleted since {rev}.");
            return ExitCodes.Success;
        });
        return command;
    }
}
