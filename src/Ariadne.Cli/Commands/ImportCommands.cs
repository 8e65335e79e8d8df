using System.CommandLine;
using Ariadne.Workspace;

namespace Ariadne.Cli.Commands;

/// <summary>What <c>get</c> and <c>import</c> share (REPO PATH [--rev R] [-o OUT] [--json] and the result output), and <c>ls</c>'s --rev.</summary>
internal static class ImportCommands
{
    /// <summary>What the user asked <c>get</c> or <c>import</c> for.</summary>
    public sealed record Request(string Repo, string Path, string? Rev, string? Out);

    /// <summary>A command taking REPO PATH [--rev R] [-o OUT] [--json] that runs <paramref name="bring"/> and reports its result.</summary>
    public static Command Create(CliContext context, string name, string description, string verb, Func<IProgressReporter, Request, CancellationToken, Task<ImportResult>> bring)
    {
        var repo = new Argument<string>("repo") { Description = "A git URL or the path of a local git repository" };
        var path = new Argument<string>("path") { Description = "The tracked path in that repository, relative to its root" };
        var rev = Rev();
        var output = new Option<string?>("--out", "-o") { Description = "Where to put the data (default: the path's name in the current folder); must not exist" };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var command = new Command(name, description) { repo, path, rev, output, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = new Request(parse.GetValue(repo)!, parse.GetValue(path)!, parse.GetValue(rev), parse.GetValue(output));
            var result = await context.WithProgressAsync(progress => bring(progress, request, cancellationToken)).ConfigureAwait(false);
            return Report(context, result, verb, parse.GetValue(json));
        });
        return command;
    }

    public static Option<string?> Rev() => new("--rev") { Description = "A branch, tag or commit of that repository (default: its default branch)" };

    private static int Report(CliContext context, ImportResult result, string verb, bool json)
    {
        if (json)
        {
            JsonOutput.Write(context, w =>
            {
                w.WriteStartObject();
                w.WriteString("path", result.Path);
                if (result.PointerPath is null)
                {
                    w.WriteNull("pointer");
                }
                else
                {
                    w.WriteString("pointer", result.PointerPath);
                }

                w.WriteString("kind", result.Pointer.Kind == PointerKind.File ? "file" : "folder");
                w.WriteString("blake3", result.Pointer.Hash.Hex);
                w.WriteNumber("size", result.Pointer.Size);
                w.WriteNumber("files", result.Pointer.Files);
                w.WriteNumber("downloaded_objects", result.Downloaded);
                w.WriteNumber("downloaded_bytes", result.DownloadedBytes);
                w.WriteSource("source", result.Source);
                w.WriteEndObject();
            });
            return ExitCodes.Success;
        }

        var what = result.Pointer.Kind == PointerKind.Folder ? $"{result.Pointer.Files} files, " : "";
        context.Console.WriteLine($"{verb} {result.Source.Path} from {result.Source.Repo} at {result.Source.Commit[..12]} -> {result.Path} ({what}{Format.Bytes(result.Pointer.Size)}, blake3 {result.Pointer.Hash.Short}, verified)");
        if (result.PointerPath is not null)
        {
            context.Console.WriteLine($"Commit the pointer file: git add {Format.Shell(result.PointerPath)} .gitignore. 'ariadne update {Format.Shell(result.PointerPath)}' brings newer versions.");
        }

        return ExitCodes.Success;
    }
}
