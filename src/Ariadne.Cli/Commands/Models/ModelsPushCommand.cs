using System.CommandLine;
using Ariadne.ModelSharing;

namespace Ariadne.Cli.Commands.Models;

/// <summary>
/// <c>ariadne models push NAME@ALIAS|NAME/VERSION [--remote R]</c>: sends the version's files, card and record to a
/// remote and writes the pointer file <c>models/NAME@ALIAS.json</c> for git.
/// </summary>
internal static class ModelsPushCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Argument<string>("model") { Description = "The version: NAME@ALIAS or NAME/VERSION (e.g. penguins@champion)" };
        var remote = new Option<string?>("--remote", "-r") { Description = "The remote to push to (default: the workspace's default remote)" };
        var command = new Command("push", "Send a model version (files, card, record) to a remote and write models/NAME@ALIAS.json for git, so 'ariadne models pull' brings it into another workspace.") { model, remote };
        command.SetAction(async (parse, ct) =>
        {
            var workspace = context.OpenWorkspace();
            await using var tracking = context.OpenTracking();
            var done = await new ModelShare(workspace, tracking.Store).PushAsync(parse.GetValue(model)!, parse.GetValue(remote), ct).ConfigureAwait(false);
            context.Console.WriteLine($"Pushed {done.Version.Uri} to remote '{done.Remote}': {done.Moved} of {done.Objects} object(s) sent ({Format.Bytes(done.Bytes)}), the rest were there. Package {done.Package[..12]}…");
            context.Console.WriteLine($"Commit {done.PointerPath}; in another clone, 'ariadne models pull {parse.GetValue(model)}' fetches and registers it.");
            return ExitCodes.Success;
        });
        return command;
    }
}
