using System.CommandLine;
using Ariadne.Monitoring;

namespace Ariadne.Cli.Commands.Monitor;

/// <summary><c>ariadne monitor check [models:/NAME@ALIAS] [--config FILE] [--json]</c>: evaluates the alert rules once (for cron or CI).</summary>
internal static class MonitorCheckCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Argument<string?>("model") { Description = "The model version (default: 'model:' of the monitor: section)", Arity = ArgumentArity.ZeroOrOne };
        var config = new Option<string?>("--config") { Description = "The file with the monitor: section (default: ariadne.yaml)" };
        var reference = new Option<string?>("--reference") { Description = "Compare with this data file instead of the version's training data" };
        var json = new Option<bool>("--json") { Description = "Print the rules' results as JSON" };
        var command = new Command("check", "Evaluate the alert rules of the monitor: section once, run the actions of those that fire, and record the check; exits 1 when a rule with the 'exit' action fired.")
        {
            model, config, reference, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var settings = MonitorCommand.ReadConfig(context, parse.GetValue(config), required: true)!;
            await using var tracking = context.OpenTracking();
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var result = await AlertCheck.RunAsync(tracking, settings, parse.GetValue(model), parse.GetValue(reference) is { } r ? context.FullPath(r) : null, http, ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("run_id", result.RunId);
                    w.WriteString("model", result.Model);
                    w.WriteNumber("version", result.Version);
                    w.WriteStartArray("rules");
                    foreach (var a in result.Alerts)
                    {
                        w.WriteStartObject();
                        w.WriteString("name", a.Rule.Name);
                        w.WriteString("condition", a.Rule.Condition);
                        if (a.Value is { } v)
                        {
                            w.WriteNumber("value", v);
                        }
                        else
                        {
                            w.WriteNull("value");
                        }

                        w.WriteBoolean("fired", a.Fired);
                        w.WriteString("message", a.Message);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteStrings("failures", result.Failures);
                    w.WriteEndObject();
                });
            }
            else
            {
                foreach (var a in result.Alerts)
                {
                    context.Console.WriteLine($"{(a.Fired ? "FIRED" : "ok   ")}  {a.Rule.Name}: {a.Message}");
                }

                context.Console.WriteLine($"{result.Alerts.Count(a => a.Fired)} of {result.Alerts.Count} rule(s) fired for models:/{result.Model}/{result.Version}; recorded as run {result.RunId}.");
            }

            foreach (var failure in result.Failures)
            {
                await context.Error.WriteLineAsync($"warning: {failure}").ConfigureAwait(false);
            }

            return result.Exit ? ExitCodes.Incomplete : ExitCodes.Success;
        });
        return command;
    }
}
