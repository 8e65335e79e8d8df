using System.CommandLine;
using Ariadne.Workspace;

namespace Ariadne.Cli.Commands;

internal static class ImportCommand
{
    public static Command Create(CliContext context) => ImportCommands.Create(
        context,
        "import",
        "Bring a tracked file or folder from another git repository into this workspace, tracked by a pointer file that records where it came from ('ariadne update' brings newer versions).",
        "Imported",
        (progress, args, cancellationToken) => new DataImport(progress).ImportAsync(context.OpenWorkspace(), args.Repo, args.Path, args.Rev, args.Out, context.WorkingDirectory, cancellationToken));
}
