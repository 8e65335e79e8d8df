using System.CommandLine;
using Ariadne.Registry;

namespace Ariadne.Cli.Commands.Models;

/// <summary><c>ariadne models download models:/NAME@ALIAS DEST</c>.</summary>
internal static class ModelsDownloadCommand
{
    public static Command Create(CliContext context)
    {
        var uri = new Argument<string>("model") { Description = "models:/NAME/VERSION, models:/NAME/latest or models:/NAME@ALIAS" };
        var destination = new Argument<string>("destination") { Description = "The folder the model's files are written into" };
        var command = new Command("download", "Write a model version's files into a folder, from the content cache, each verified against its hash.") { uri, destination };
        command.SetAction(async (parse, ct) =>
        {
            var workspace = context.OpenWorkspace();
            await using var tracking = context.OpenTracking();
            var version = await ModelUri.Parse(parse.GetValue(uri)!).ResolveAsync(tracking.Store, ct).ConfigureAwait(false);
            var written = ModelRegistration.Download(version, workspace.Cache, context.FullPath(parse.GetValue(destination)!));
            context.Console.WriteLine($"Wrote {written.Count} file(s) of {version.Uri} ({Format.Bytes(version.Size)}) to {parse.GetValue(destination)}.");
            return ExitCodes.Success;
        });
        return command;
    }
}
