using System.CommandLine;
using Ariadne.RunContext;

namespace Ariadne.Cli.Commands.Env;

/// <summary><c>ariadne env show RUN [--json]</c>: runtime, SDK, OS, hardware, pins, packages, Python and variables a run recorded.</summary>
internal static class EnvShowCommand
{
    public static Command Create(CliContext context)
    {
        var runId = new Argument<string>("run") { Description = "Run id (or its first 6+ characters)" };
        var json = new Option<bool>("--json") { Description = "Print as JSON" };
        var command = new Command("show", "Show the environment a run recorded: runtime and SDK, OS, CPU, GPUs and driver, pins, packages, Python, variables.") { runId, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var tracking = context.OpenTracking();
            var (run, environment) = await RunEnvironmentLookup.LoadAsync(context, tracking, parse.GetValue(runId)!, ct).ConfigureAwait(false);
            var rows = environment.Describe().ToList();
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("run_id", run.Info.RunId);
                    w.WriteString("runtime", environment.Runtime);
                    w.WriteString("sdk", environment.Sdk);
                    w.WriteString("os", environment.OS);
                    w.WriteString("cpu", environment.Cpu);
                    w.WriteStartArray("entries");
                    foreach (var (area, name, value) in rows)
                    {
                        w.WriteStartObject();
                        w.WriteString("area", area);
                        w.WriteString("name", name);
                        w.WriteString("value", value);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                });
                return ExitCodes.Success;
            }

            var output = context.Console.Profile.Out.Writer;
            output.WriteLine($"Environment of run {run.Info.RunId} \"{run.Info.RunName}\"");
            foreach (var group in rows.GroupBy(r => r.Area))
            {
                output.WriteLine($"{group.Key}:");
                var width = group.Max(r => r.Name.Length);
                foreach (var (_, name, value) in group)
                {
                    output.WriteLine($"  {name.PadRight(width)}  {value}");
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
