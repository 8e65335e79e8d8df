using System.CommandLine;
using Ariadne.Workspace;

namespace Ariadne.Cli.Commands;

internal static class PullCommand
{
    public static Command Create(CliContext context)
    {
        var targets = TransferCommands.Targets();
        var remote = TransferCommands.Remote();
        var jobs = TransferCommands.Jobs();
        var json = TransferCommands.Json();
        var force = new Option<bool>("--force", "-f") { Description = "Overwrite or remove files whose content is not in the cache" };
        var command = new Command("pull", "Fetch missing objects, then check out the tracked paths.") { targets, remote, jobs, force, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var workspace = context.OpenWorkspace();
            TransferCommands.ApplyJobs(workspace, parse.GetValue(jobs));
            var result = await context.WithProgressAsync(progress =>
                new DataTransfer(workspace, progress).PullAsync(parse.GetValue(remote), context.FullPaths(parse.GetValue(targets)), parse.GetValue(force), cancellationToken)).ConfigureAwait(false);
            return TransferCommands.Report(context, result, "Pulled", parse.GetValue(json));
        });
        return command;
    }
}
