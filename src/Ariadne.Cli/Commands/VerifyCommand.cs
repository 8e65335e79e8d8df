using System.CommandLine;
using Ariadne.Workspace;

namespace Ariadne.Cli.Commands;

internal static class VerifyCommand
{
    public static Command Create(CliContext context)
    {
        var remote = new Option<string?>("--remote", "-r") { Description = "Verify the objects on this remote instead of the local cache" };
        var repair = new Option<bool>("--repair") { Description = "Replace corrupt or missing cache objects with verified copies from a remote" };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var command = new Command("verify", "Re-hash stored objects and report any corruption (non-zero exit when found).") { remote, repair, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var workspace = context.OpenWorkspace();
            if (parse.GetValue(repair) && parse.GetValue(remote) is not null)
            {
                throw AriadneException.InvalidArgument("--repair mends the local cache from the remotes; it cannot be combined with --remote. To mend a remote, push good copies to it from a cache that verifies.");
            }

            var result = await context.WithProgressAsync(progress =>
            {
                var verification = new Verification(workspace, progress);
                return parse.GetValue(remote) is { } name
                    ? verification.VerifyRemoteAsync(name, cancellationToken)
                    : verification.VerifyCacheAsync(parse.GetValue(repair), cancellationToken);
            }).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("where", result.Where);
                    w.WriteNumber("checked", result.Checked);
                    w.WriteStrings("corrupt", result.Corrupt);
                    w.WriteStrings("missing", result.Missing);
                    w.WriteStrings("repaired", result.Repaired);
                    w.WriteEndObject();
                });
            }
            else
            {
                foreach (var corrupt in result.Corrupt)
                {
                    context.Error.WriteLine($"corrupt: {corrupt}");
                }

                foreach (var repaired in result.Repaired)
                {
                    context.Console.WriteLine($"repaired: {repaired}");
                }

                context.Console.WriteLine($"Checked {result.Checked} object(s) in {result.Where}: {result.Corrupt.Count} corrupt, {result.Missing.Count} referenced but missing{(parse.GetValue(repair) ? $", {result.Repaired.Count} repaired" : "")}.");
                if (result.Repaired.Count > 0)
                {
                    context.Console.WriteLine("Run 'ariadne checkout --force' to restore workspace files that were changed with them.");
                }

                if (result.Corrupt.Count > 0)
                {
                    context.Error.WriteLine(parse.GetValue(remote) is not null
                        ? "Push good copies from a machine whose cache verifies ('ariadne verify' there, then 'ariadne push')."
                        : parse.GetValue(repair)
                            ? "No remote holds a good copy of these. If the workspace still has the right bytes, 'ariadne add' them again; otherwise push good copies from a machine that has them, then 'ariadne verify --repair'."
                            : "Run 'ariadne verify --repair' to replace them with verified copies from a remote.");
                }
            }

            return result.Healthy ? ExitCodes.Success : ExitCodes.Incomplete;
        });
        return command;
    }
}
