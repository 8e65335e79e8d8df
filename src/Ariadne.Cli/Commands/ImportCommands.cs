using System.CommandLine;
using Ariadne.Workspace;

namespace Ariadne.Cli.Commands;

/// <summary>What <c>get</c>, <c>import</c> and <c>ls</c> share: the REPO and PATH arguments, --rev, -o, and the result output.</summary>
internal static class ImportCommands
{
    public static Argument<string> Repo() => new("repo") { Description = "A git URL or the path of a local git repository" };

    public static Argument<string> PathInRepo() => new("path") { Description = "The tracked path in that repository, relative to its root" };

    public static Option<string?> Rev() => new("--rev") { Description = "A branch, tag or commit of that repository (default: its default branch)" };

    public static Option<string?> Out() => new("--out", "-o") { Description = "Where to put the data (default: the path's name in the current folder); must not exist" };

    public static int Report(CliContext context, ImportResult result, string verb, bool json)
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
