using System.CommandLine;
using Ariadne.Workspace;

namespace Ariadne.Cli.Commands;

internal static class UpdateCommand
{
    public static Command Create(CliContext context)
    {
        var target = new Argument<string>("target") { Description = "An imported path or its .ari pointer file" };
        var rev = new Option<string?>("--rev") { Description = "Take this branch, tag or commit of the source repository (recorded for later updates)" };
        var force = new Option<bool>("--force", "-f") { Description = "Replace local changes to the imported data" };
        var json = new Option<bool>("--json") { Description = "Print what changed as JSON" };
        var command = new Command("update", "Bring the newest version of an imported path from its source repository and show what changed.") { target, rev, force, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var workspace = context.OpenWorkspace();
            var result = await context.WithProgressAsync(progress => new DataImport(progress).UpdateAsync(
                workspace, context.FullPath(parse.GetValue(target)!), parse.GetValue(rev), parse.GetValue(force), cancellationToken)).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("path", result.Path);
                    w.WriteString("pointer", result.PointerPath);
                    w.WriteBoolean("changed", result.Changed);
                    w.WriteString("old_blake3", result.OldHash.Hex);
                    w.WriteString("new_blake3", result.NewHash.Hex);
                    w.WriteSource("old_source", result.OldSource);
                    w.WriteSource("source", result.NewSource);
                    w.WriteStartArray("changes");
                    foreach (var change in result.Changes)
                    {
                        w.WriteStartObject();
                        w.WriteString("path", change.Path);
                        w.WriteString("change", change.Change.ToString().ToLowerInvariant());
                        w.WriteString("old_blake3", change.OldHash?.Hex);
                        w.WriteString("new_blake3", change.NewHash?.Hex);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteNumber("downloaded_objects", result.Downloaded);
                    w.WriteNumber("downloaded_bytes", result.DownloadedBytes);
                    w.WriteEndObject();
                });
                return ExitCodes.Success;
            }

            var at = $"{result.NewSource.Repo} at {(result.NewSource.Rev is null ? "" : result.NewSource.Rev + " = ")}{result.NewSource.Commit[..12]}";
            if (!result.Changed)
            {
                context.Console.WriteLine($"{result.Path} is up to date with {at} (blake3 {result.NewHash.Short}).");
                return ExitCodes.Success;
            }

            context.Console.WriteLine($"Updated {result.Path} from {at}: blake3 {result.OldHash.Short} -> {result.NewHash.Short}");
            foreach (var change in result.Changes)
            {
                var hashes = change.Change switch
                {
                    DiffChange.Added => change.NewHash!.Value.Short,
                    DiffChange.Deleted => change.OldHash!.Value.Short,
                    _ => $"{change.OldHash!.Value.Short} -> {change.NewHash!.Value.Short}",
                };
                context.Console.WriteLine($"    {change.Change.ToString().ToLowerInvariant(),-9} {change.Path} ({hashes})");
            }

            context.Console.WriteLine($"Commit the pointer file: git add {Format.Shell(result.PointerPath)}");
            return ExitCodes.Success;
        });
        return command;
    }
}
