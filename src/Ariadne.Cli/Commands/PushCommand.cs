using System.CommandLine;
using Ariadne.Workspace;

namespace Ariadne.Cli.Commands;

internal static class PushCommand
{
    public static Command Create(CliContext context)
    {
        var targets = TransferCommands.Targets();
        var remote = TransferCommands.Remote();
        var jobs = TransferCommands.Jobs();
        var json = TransferCommands.Json();
        var command = new Command("push", "Upload the objects of tracked paths that the remote does not have yet.") { targets, remote, jobs, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var workspace = context.OpenWorkspace();
            TransferCommands.ApplyJobs(workspace, parse.GetValue(jobs));
            var result = await context.WithProgressAsync(progress =>
                new DataTransfer(workspace, progress).PushAsync(parse.GetValue(remote), context.FullPaths(parse.GetValue(targets)), cancellationToken)).ConfigureAwait(false);
            return TransferCommands.Report(context, result, "Pushed", parse.GetValue(json));
        });
        return command;
    }
}
