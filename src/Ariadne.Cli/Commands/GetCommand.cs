using System.CommandLine;
using Ariadne.Workspace;

namespace Ariadne.Cli.Commands;

internal static class GetCommand
{
    public static Command Create(CliContext context) => ImportCommands.Create(
        context,
        "get",
        "Download a tracked file or folder from another git repository (from its default remote, verified by hash) as a plain copy; works outside a workspace.",
        "Downloaded",
        (progress, args, cancellationToken) => new DataImport(progress).GetAsync(args.Repo, args.Path, args.Rev, args.Out, context.WorkingDirectory, cancellationToken));
}
