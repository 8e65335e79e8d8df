using System.CommandLine;
using Ariadne.Workspace;

namespace Ariadne.Cli.Commands;

internal static class VerifyCommand
{
    public static Command Create(CliContext context)
    {
        var remote = new Option<string?>("--remote", "-r") { Description = "Verify the objects on this remote instead of the local cache" };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var command = new Command("verify", "Re-hash stored objects and report any corruption (non-zero exit when found).") { remote, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var workspace = context.OpenWorkspace();
            var result = await context.WithProgressAsync(progress =>
            {
                var verification = new Verification(workspace, progress);
                return parse.GetValue(remote) is { } name
                    ? verification.VerifyRemoteAsync(name, cancellationToken)
                    : Task.FromResult(verification.VerifyCache());
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
                    w.WriteEndObject();
                });
            }
            else
            {
                foreach (var corrupt in result.Corrupt)
                {
                    context.Error.WriteLine($"corrupt: {corrupt}");
                }

                context.Console.WriteLine($"Checked {result.Checked} object(s) in {result.Where}: {result.Corrupt.Count} corrupt, {result.Missing.Count} referenced but missing.");
                if (result.Corrupt.Count > 0)
                {
                    context.Error.WriteLine(parse.GetValue(remote) is null
                        ? "Remove the corrupt objects with 'ariadne gc' after fixing the data, or fetch good copies: delete them from .ariadne/cache/objects and run 'ariadne fetch'."
                        : "Push good copies from a machine whose cache verifies ('ariadne verify' there, then 'ariadne push').");
                }
            }

            return result.Healthy ? ExitCodes.Success : ExitCodes.Incomplete;
        });
        return command;
    }
}
