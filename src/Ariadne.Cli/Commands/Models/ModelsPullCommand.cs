using System.CommandLine;
using Ariadne.ModelSharing;

namespace Ariadne.Cli.Commands.Models;

/// <summary>
/// <c>ariadne models pull NAME@ALIAS|NAME/VERSION [--remote R]</c>: reads <c>models/NAME@ALIAS.json</c>, fetches the
/// version's record, files and card by hash (every byte checked) and registers it here with the alias.
/// </summary>
internal static class ModelsPullCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Argument<string>("model") { Description = "The version named as it was pushed: NAME@ALIAS or NAME/VERSION" };
        var remote = new Option<string?>("--remote", "-r") { Description = "The remote to pull from (default: the workspace's default remote)" };
        var command = new Command("pull", "Fetch a pushed model version (models/NAME@ALIAS.json from git) from a remote, verify it by hash, and register it in this workspace.") { model, remote };
        command.SetAction(async (parse, ct) =>
        {
            var workspace = context.OpenWorkspace();
            await using var tracking = context.OpenTracking();
            var done = await new ModelShare(workspace, tracking.Store).PullAsync(parse.GetValue(model)!, parse.GetValue(remote), ct).ConfigureAwait(false);
            context.Console.WriteLine($"Pulled {done.Version.Uri}{(done.Version.Aliases.Count > 0 ? " (@" + string.Join(", @", done.Version.Aliases) + ")" : "")} from remote '{done.Remote}': {done.Moved} of {done.Objects} object(s) fetched ({Format.Bytes(done.Bytes)}), every one checked against its hash.");
            context.Console.WriteLine($"See it with 'ariadne models show {done.Version.Name}' and its card with 'ariadne models card {done.Version.Name}/{done.Version.Version}'.");
            return ExitCodes.Success;
        });
        return command;
    }
}
