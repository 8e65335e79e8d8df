using System.CommandLine;
using Ariadne.Workspace;

namespace Ariadne.Cli.Commands;

internal static class LsCommand
{
    public static Command Create(CliContext context)
    {
        var repo = new Argument<string>("repo") { Description = "A git URL, the path of a local git repository, or '.' for this workspace" };
        var path = new Argument<string?>("path") { Description = "Only paths at or under this one; a tracked folder lists its files", Arity = ArgumentArity.ZeroOrOne };
        var rev = ImportCommands.Rev();
        var json = new Option<bool>("--json") { Description = "Print the list as JSON" };
        var command = new Command("ls", "List what a repository tracks, with kinds, sizes and content hashes.") { repo, path, rev, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var listed = await context.WithProgressAsync(progress => new RepositoryListing(progress).ListAsync(
                parse.GetValue(repo)!, parse.GetValue(path), parse.GetValue(rev), context.WorkingDirectory, cancellationToken)).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context, w =>
                {
                    w.WriteStartArray();
                    foreach (var entry in listed)
                    {
                        w.WriteStartObject();
                        w.WriteString("path", entry.Path);
                        w.WriteString("kind", entry.Kind == PointerKind.File ? "file" : "folder");
                        w.WriteString("blake3", entry.Hash.Hex);
                        w.WriteNumber("size", entry.Size);
                        w.WriteNumber("files", entry.Files);
                        w.WriteSource("source", entry.Source);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                });
                return ExitCodes.Success;
            }

            if (listed.Count == 0)
            {
                context.Console.WriteLine("Nothing is tracked there.");
            }

            foreach (var entry in listed)
            {
                var kind = entry.Kind == PointerKind.Folder ? $"folder, {entry.Files} files" : "file";
                var source = entry.Source is { } s ? $"  imported from {s.Repo}:{s.Path} at {s.Commit[..12]}" : "";
                context.Console.WriteLine($"{entry.Path}\t{Format.Bytes(entry.Size)}\t{kind}\t{entry.Hash.Short}{source}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
