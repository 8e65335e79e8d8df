using System.CommandLine;
using Ariadne.Workspace;

namespace Ariadne.Cli.Commands;

internal static class ImportCommand
{
    public static Command Create(CliContext context)
    {
        var repo = ImportCommands.Repo();
        var path = ImportCommands.PathInRepo();
        var rev = ImportCommands.Rev();
        var output = ImportCommands.Out();
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var command = new Command("import", "Bring a tracked file or folder from another git repository into this workspace, tracked by a pointer file that records where it came from ('ariadne update' brings newer versions).") { repo, path, rev, output, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var workspace = context.OpenWorkspace();
            var result = await context.WithProgressAsync(progress => new DataImport(progress).ImportAsync(
                workspace, parse.GetValue(repo)!, parse.GetValue(path)!, parse.GetValue(rev), parse.GetValue(output), context.WorkingDirectory, cancellationToken)).ConfigureAwait(false);
            return ImportCommands.Report(context, result, "Imported", parse.GetValue(json));
        });
        return command;
    }
}
