using System.CommandLine;
using Ariadne.Workspace;

namespace Ariadne.Cli.Commands;

internal static class AddCommand
{
    public static Command Create(CliContext context)
    {
        var paths = new Argument<string[]>("path") { Description = "Files or folders to track", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var command = new Command("add", "Track files or folders: store their content in the cache and write <path>.ari pointer files for git.") { paths, json };
        command.SetAction(parse =>
        {
            var workspace = context.OpenWorkspace();
            var results = context.WithProgress(progress => new DataTracker(workspace, progress).Add(context.FullPaths(parse.GetValue(paths))));
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
                        w.WriteString("kind", r.Kind == PointerKind.File ? "file" : "folder");
                        w.WriteString("blake3", r.Hash.Hex);
                        w.WriteNumber("size", r.Size);
                        w.WriteNumber("files", r.Files);
                        w.WriteBoolean("changed", r.Changed);
                        w.WriteNumber("new_objects", r.NewObjects);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                });
                return ExitCodes.Success;
            }

            foreach (var r in results)
            {
                var what = r.Kind == PointerKind.Folder ? $"{r.Files} files, " : "";
                context.Console.WriteLine(r.Changed
                    ? $"Tracked {r.Path} ({what}{Format.Bytes(r.Size)}, {r.NewObjects} new objects) -> {r.PointerPath}"
                    : $"Unchanged {r.Path} ({what}{Format.Bytes(r.Size)})");
            }

            if (results.Any(r => r.Changed))
            {
                context.Console.WriteLine($"Commit the pointer files: git add {string.Join(' ', results.Where(r => r.Changed).Select(r => Format.Shell(r.PointerPath)))} .gitignore");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
