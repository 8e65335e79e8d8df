using System.CommandLine;
using Ariadne.Workspace;

namespace Ariadne.Cli.Commands;

internal static class StatusCommand
{
    public static Command Create(CliContext context)
    {
        var targets = new Argument<string[]>("target") { Description = "Tracked paths to check (default: all)", Arity = ArgumentArity.ZeroOrMore };
        var json = new Option<bool>("--json") { Description = "Print the status as JSON" };
        var command = new Command("status", "Show which tracked paths differ from their pointer files, and which are missing from the cache.") { targets, json };
        command.SetAction(parse =>
        {
            var workspace = context.OpenWorkspace();
            var statuses = context.WithProgress(progress => new WorkspaceStatus(workspace, progress).Check(context.FullPaths(parse.GetValue(targets))));
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context, w =>
                {
                    w.WriteStartArray();
                    foreach (var s in statuses)
                    {
                        w.WriteStartObject();
                        w.WriteString("path", s.Path);
                        w.WriteString("pointer", s.PointerPath);
                        w.WriteString("kind", s.Kind == PointerKind.File ? "file" : "folder");
                        w.WriteString("state", s.State.ToString().ToLowerInvariant());
                        w.WriteBoolean("in_cache", !s.NotInCache);
                        w.WriteNumber("missing_objects", s.MissingObjects);
                        w.WriteStrings("added", s.Added);
                        w.WriteStrings("modified", s.Modified);
                        w.WriteStrings("deleted", s.Deleted);
                        w.WriteStrings("changed_in_cache", s.ChangedInCache);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                });
                return ExitCodes.Success;
            }

            if (statuses.Count == 0)
            {
                context.Console.WriteLine("Nothing is tracked yet. Track data with 'ariadne add <path>'.");
                return ExitCodes.Success;
            }

            if (statuses.All(s => s.IsClean))
            {
                context.Console.WriteLine($"All {statuses.Count} tracked path(s) match their pointer files.");
                return ExitCodes.Success;
            }

            foreach (var s in statuses.Where(s => !s.IsClean))
            {
                var state = s.State switch
                {
                    OutputState.Modified => "modified",
                    OutputState.Missing => "missing",
                    _ => "unchanged",
                };
                var cache = s.NotInCache ? $", not in cache ({s.MissingObjects} object(s) missing: 'ariadne fetch')" : "";
                context.Console.WriteLine($"{s.Path}: {state}{cache}");
                foreach (var f in s.Added)
                {
                    context.Console.WriteLine($"    added:    {f}");
                }

                foreach (var f in s.Modified.Where(f => f != s.Path))
                {
                    context.Console.WriteLine($"    modified: {f}");
                }

                foreach (var f in s.Deleted)
                {
                    context.Console.WriteLine($"    deleted:  {f}");
                }

                foreach (var f in s.ChangedInCache)
                {
                    context.Console.WriteLine($"    edited through a hard link, so the cache object changed too: {f}");
                }
            }

            var clean = statuses.Count(s => s.IsClean);
            if (clean > 0)
            {
                context.Console.WriteLine($"({clean} other tracked path(s) unchanged)");
            }

            if (statuses.Any(s => s.ChangedInCache.Count > 0))
            {
                context.Console.WriteLine("A hard-linked file was edited in place: its cache object no longer holds the recorded version. 'ariadne verify' names the remote that holds a good copy; 'ariadne verify --repair' fetches it, then 'ariadne checkout <path> --force' restores the file. To keep the edit instead, 'ariadne add <path>'. Run 'ariadne unprotect <path>' before editing hard-linked files.");
            }
            else
            {
                context.Console.WriteLine("Record changes with 'ariadne add <path>'; restore the recorded version with 'ariadne checkout <path> --force'.");
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
