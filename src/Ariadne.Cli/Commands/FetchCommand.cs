using System.CommandLine;
using Ariadne.Workspace;

namespace Ariadne.Cli.Commands;

internal static class FetchCommand
{
    public static Command Create(CliContext context)
    {
        var targets = TransferCommands.Targets();
        var remote = TransferCommands.Remote();
        var jobs = TransferCommands.Jobs();
        var json = TransferCommands.Json();
        var command = new Command("fetch", "Download missing objects into the cache (verified by hash) without touching the workspace.") { targets, remote, jobs, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var workspace = context.OpenWorkspace();
            TransferCommands.ApplyJobs(workspace, parse.GetValue(jobs));
            var result = await context.WithProgressAsync(progress =>
                new DataTransfer(workspace, progress).FetchAsync(parse.GetValue(remote), context.FullPaths(parse.GetValue(targets)), cancellationToken)).ConfigureAwait(false);
            return TransferCommands.Report(context, result, "Fetched", parse.GetValue(json));
        });
        return command;
    }
}
