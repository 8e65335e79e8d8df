using System.CommandLine;
using Ariadne.Workspace;

namespace Ariadne.Cli.Commands;

/// <summary>Shared options and reporting of push, fetch and pull.</summary>
internal static class TransferCommands
{
    public static Argument<string[]> Targets() => new("target") { Description = "Tracked paths to transfer (default: all)", Arity = ArgumentArity.ZeroOrMore };

    public static Option<string?> Remote() => new("--remote", "-r") { Description = "Remote name (default: the default remote)" };

    public static Option<int?> Jobs() => new("--jobs", "-j") { Description = "Parallel transfers (default: cache.jobs in config, 8)" };

    public static Option<bool> Json() => new("--json") { Description = "Print the result as JSON" };

    public static void ApplyJobs(DataWorkspace workspace, int? jobs)
    {
        if (jobs is { } n)
        {
            workspace.Config.Jobs = n > 0 ? n : throw AriadneException.InvalidArgument($"--jobs must be at least 1, not {n}.");
        }
    }

    public static int Report(CliContext context, TransferResult result, string verb, bool json)
    {
        if (json)
        {
            JsonOutput.Write(context, w =>
            {
                w.WriteStartObject();
                w.WriteString("remote", result.Remote);
                w.WriteNumber("transferred", result.Transferred);
                w.WriteNumber("bytes", result.Bytes);
                w.WriteNumber("already_there", result.AlreadyThere);
                w.WriteStrings("failed", result.Failed);
                if (result.Checkout is { } c)
                {
                    w.WriteNumber("restored", c.Restored);
                    w.WriteStrings("not_in_cache", c.NotInCache);
                }

                w.WriteEndObject();
            });
        }
        else
        {
            context.Console.WriteLine($"{verb} {result.Transferred} object(s) ({Format.Bytes(result.Bytes)}) with '{result.Remote}'; {result.AlreadyThere} already there.");
            foreach (var failure in result.Failed.Take(20))
            {
                context.Error.WriteLine($"    failed: {failure}");
            }

            if (result.Failed.Count > 0)
            {
                context.Error.WriteLine($"{result.Failed.Count} object(s) failed; nothing partial was kept. Run the command again to retry them.");
            }

            if (result.Checkout is { } checkout)
            {
                CheckoutCommand.Report(context, checkout, json: false);
            }
        }

        return result.Complete && (result.Checkout?.Complete ?? true) ? ExitCodes.Success : ExitCodes.Incomplete;
    }
}
