using System.CommandLine;
using Ariadne.Workspace;

namespace Ariadne.Cli.Commands;

internal static class GetCommand
{
    public static Command Create(CliContext context)
    {
        var repo = ImportCommands.Repo();
        var path = ImportCommands.PathInRepo();
        var rev = ImportCommands.Rev();
        var output = ImportCommands.Out();
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var command = new Command("get", "Download a tracked file or folder from another git repository (from its default remote, verified by hash) as a plain copy; works outside a workspace.") { repo, path, rev, output, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var result = await context.WithProgressAsync(progress => new DataImport(progress).GetAsync(
                parse.GetValue(repo)!, parse.GetValue(path)!, parse.GetValue(rev), parse.GetValue(output), context.WorkingDirectory, cancellationToken)).ConfigureAwait(false);
            return ImportCommands.Report(context, result, "Downloaded", parse.GetValue(json));
        });
        return command;
    }
}
