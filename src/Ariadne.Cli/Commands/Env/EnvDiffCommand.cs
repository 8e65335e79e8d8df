using System.CommandLine;
using Ariadne.RunContext;

namespace Ariadne.Cli.Commands.Env;

/// <summary>
/// <c>ariadne env diff RUN [RUN2] [--json]</c>: how the environment of RUN differs from RUN2's, or from this machine's
/// now. Exit 0 when nothing differs, 1 when something does.
/// </summary>
internal static class EnvDiffCommand
{
    public static Command Create(CliContext context)
    {
        var first = new Argument<string>("run") { Description = "Run id (or its first 6+ characters)" };
        var second = new Argument<string?>("other-run") { Description = "A second run to compare with (default: this machine now)", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Print as JSON" };
        var command = new Command("diff", "Compare the environment of a run with another run's or with this machine's (exit 1 when they differ).") { first, second, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var tracking = context.OpenTracking();
            var (run, left) = await RunEnvironmentLookup.LoadAsync(context, tracking, parse.GetValue(first)!, ct).ConfigureAwait(false);
            var otherId = parse.GetValue(second);
            var (rightName, right) = otherId is null
                ? ("this machine", await RecordedEnvironment.CurrentAsync(context.WorkingDirectory, left).ConfigureAwait(false))
                : await Other(context, tracking, otherId, ct).ConfigureAwait(false);
            var differences = EnvironmentComparison.Compare(left, right);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("run_id", run.Info.RunId);
                    w.WriteString("compared_with", rightName);
                    w.WriteBoolean("same", differences.Count == 0);
                    EnvironmentJson.WriteDifferences(w, "differences", differences);
                    w.WriteEndObject();
                });
            }
            else
            {
                EnvironmentJson.WriteDifferences(context.Console.Profile.Out.Writer, $"run {run.Info.RunId}", rightName, differences);
            }

            return differences.Count == 0 ? ExitCodes.Success : ExitCodes.Incomplete;
        });
        return command;
    }

    private static async Task<(string, EnvironmentRecord)> Other(CliContext context, Ariadne.Tracking.TrackingClient tracking, string id, CancellationToken ct)
    {
        var (run, environment) = await RunEnvironmentLookup.LoadAsync(context, tracking, id, ct).ConfigureAwait(false);
        return ($"run {run.Info.RunId}", environment);
    }
}
