using System.CommandLine;
using Ariadne.Cli.Commands.Tracking;
using Ariadne.Pipelines;

namespace Ariadne.Cli.Commands.Pipelines;

/// <summary><c>ariadne exp apply RUN_ID</c>: brings an experiment's params and outputs into the workspace.</summary>
internal static class ExpApplyCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("experiment") { Description = "The experiment's run id (or its first 6+ characters), as 'ariadne exp show' lists it" };
        var force = new Option<bool>("--force", "-f") { Description = "Overwrite params files and outputs with changes not committed to git" };
        var json = new Option<bool>("--json") { Description = "Print the params written and each stage's result as JSON" };
        var command = new Command("apply", "Bring an experiment's params and outputs into the workspace (outputs from the run cache, nothing runs). Refuses to overwrite uncommitted changes unless --force.")
        {
            id, force, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var workspace = context.OpenWorkspace();
            await using var tracking = context.OpenTracking();
            var run = await RunLookup.GetAsync(tracking.Store, parse.GetValue(id)!, ct).ConfigureAwait(false);
            var asJson = parse.GetValue(json);
            var result = await new ExperimentApply(workspace, asJson ? context.Error : context.Console.Profile.Out.Writer).ApplyAsync(run, parse.GetValue(force), ct).ConfigureAwait(false);
            if (asJson)
            {
                JsonOutput.Write(context, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("run_id", result.RunId);
                    w.WriteBoolean("succeeded", result.Succeeded);
                    w.WriteStartObject("params");
                    foreach (var p in result.Params)
                    {
                        w.WriteString(p.Name, p.Value);
                    }

                    w.WriteEndObject();
                    TrialOutput.WriteStages(w, result.Repro);
                    w.WriteStrings("left_out", result.LeftOut);
                    w.WriteEndObject();
                });
            }
            else
            {
                var output = context.Console.Profile.Out.Writer;
                output.WriteLine(result.Params.Count == 0
                    ? $"Experiment {result.RunId} set no params."
                    : $"Applied experiment {result.RunId}: {string.Join(", ", result.Params.Select(p => $"{p.Name}={p.Value}"))}.");
                if (result.LeftOut.Count > 0)
                {
                    output.WriteLine($"Left out (they read a sealed test set, as in the experiment): {string.Join(", ", result.LeftOut)}.");
                }

                output.WriteLine(result.Succeeded
                    ? "The workspace now holds the experiment's params and outputs; 'ariadne repro' finds it up to date."
                    : "Some outputs could not be restored (see above); run 'ariadne repro' to make them.");
            }

            return result.Succeeded ? ExitCodes.Success : ExitCodes.Incomplete;
        });
        return command;
    }
}
