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
        var command = new Command("download", "Write a model version's files into a folder, from the content cache or through the tracking server, each verified against its hash.") { uri, destination };
        command.SetAction(async (parse, ct) =>
        {
            // A workspace is optional with a tracking server: files not in the cache come through the server's artifact proxy.
            await using var tracking = context.OpenTracking();
            var version = await ModelUri.Parse(parse.GetValue(uri)!).ResolveAsync(tracking.Store, ct).ConfigureAwait(false);
            var written = await ModelRegistration.DownloadAsync(version, tracking.Store, tracking.Workspace?.Cache, context.FullPath(parse.GetValue(destination)!), ct).ConfigureAwait(false);
            context.Console.WriteLine($"Wrote {written.Count} file(s) of {version.Uri} ({Format.Bytes(version.Size)}) to {parse.GetValue(destination)}.");
            return ExitCodes.Success;
        });
        return command;
    }
}
