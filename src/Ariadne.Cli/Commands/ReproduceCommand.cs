using System.CommandLine;
using System.Globalization;
using Ariadne.Cli.Commands.Env;
using Ariadne.Cli.Commands.Tracking;
using Ariadne.Registry;
using Ariadne.Reproduction;

namespace Ariadne.Cli.Commands;

/// <summary>
/// <c>ariadne reproduce TARGET [--in DIR] [--tolerance REL] [--keep] [--json]</c>: runs a recorded run again in a clean
/// worktree at its commit and compares every metric and output; a model version URI names the run it was registered from. Exit 0 when it reproduced, 1 when it did not.
/// </summary>
internal static class ReproduceCommand
{
    public static Command Create(CliContext context)
    {
        var target = new Argument<string>("target") { Description = "The run to reproduce: a run id (or its first 6+ characters) of 'ariadne run', 'ariadne repro' or one of its stages, or a model version (models:/NAME/VERSION, models:/NAME@ALIAS) to reproduce the run it came from" };
        var folder = new Option<string?>("--in") { Description = "Folder for the git worktree (new or empty; default: a new folder under .ariadne/reproduce/)" };
        var tolerance = new Option<double>("--tolerance") { Description = "Relative difference allowed per metric, e.g. 1e-9 (default 0: exactly equal)", DefaultValueFactory = _ => 0 };
        var keep = new Option<bool>("--keep") { Description = "Keep the worktree afterwards to inspect it" };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON (the command's output goes to stderr)" };
        var command = new Command("reproduce", "Run a recorded run again at its commit, with its diff, inputs, params, seeds and variables; compare every metric and output.")
        {
            target, folder, tolerance, keep, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var relative = parse.GetValue(tolerance);
            if (double.IsNaN(relative) || relative < 0)
            {
                throw AriadneException.InvalidArgument($"--tolerance takes a relative difference of 0 or more (e.g. 1e-6), not {relative.ToString(CultureInfo.InvariantCulture)}.");
            }

            var asJson = parse.GetValue(json);
            var workspace = context.OpenWorkspace();
            await using var tracking = context.OpenTracking();
            var text = parse.GetValue(target)!;
            var log = asJson ? context.Error : context.Console.Profile.Out.Writer;
            if (ModelUri.IsModelUri(text))
            {
                var (version, runId) = await ModelSourceRun.ResolveAsync(tracking.Store, text, ct).ConfigureAwait(false);
                log.WriteLine($"{text} is version {version.Version} of model '{version.Name}', from run {runId}.");
                text = runId;
            }

            var run = await RunLookup.GetAsync(tracking.Store, text, ct).ConfigureAwait(false);
            var options = new ReproductionOptions(parse.GetValue(folder) is { } dir ? context.FullPath(dir) : null, relative, parse.GetValue(keep));
            var report = await new RunReproducer(workspace, tracking, log).ReproduceAsync(run, options, ct).ConfigureAwait(false);
            if (asJson)
            {
                WriteJson(context, report);
            }
            else
            {
                WriteText(context.Console.Profile.Out.Writer, report);
            }

            return report.Reproduced ? ExitCodes.Success : ExitCodes.Incomplete;
        });
        return command;
    }

    private static void WriteText(TextWriter output, ReproductionReport report)
    {
        output.WriteLine();
        var matchedMetrics = report.Metrics.Count(m => m.Matched);
        var matchedOutputs = report.Outputs.Count(o => o.Matched);
        output.WriteLine($"Run {report.OriginalRunId} {(report.Reproduced ? "REPRODUCED" : "DID NOT REPRODUCE")}: {matchedMetrics} of {report.Metrics.Count} metrics and {matchedOutputs} of {report.Outputs.Count} outputs matched (reproduction run {report.ReproductionRunId}).");
        if (report.Failure is { } failure)
        {
            output.WriteLine($"  failed: {failure}");
        }

        foreach (var metric in report.Metrics.Where(m => !m.Matched))
        {
            output.WriteLine(metric.Reproduced is { } value
                ? $"  metric {Scoped(metric.Scope, metric.Key)}: {Number(metric.Original)} -> {Number(value)} (difference {Number(metric.Difference!.Value)}, relative {Number(metric.RelativeDifference!.Value)})"
                : $"  metric {Scoped(metric.Scope, metric.Key)}: {Number(metric.Original)} -> not logged");
        }

        foreach (var file in report.Outputs.Where(o => !o.Matched))
        {
            output.WriteLine($"  output {Scoped(file.Scope, file.Path)}: {Short(file.OriginalHash)} -> {Short(file.ReproducedHash)}");
        }

        foreach (var (stage, reason) in report.LeftOut)
        {
            output.WriteLine($"  left out stage '{stage}': {reason}");
        }

        if (report.EnvironmentDifferences.Count > 0)
        {
            EnvironmentJson.WriteDifferences(output, "the original", "the reproduction", report.EnvironmentDifferences);
        }
        else
        {
            output.WriteLine("The environment is the same in every recorded part.");
        }

        output.WriteLine($"Setup (worktree, inputs) {report.Setup.TotalSeconds:0.00} s, run {report.Execution.TotalSeconds:0.00} s.{(report.Kept ? $" The worktree is kept in {report.Folder}." : "")}");
    }

    private static void WriteJson(CliContext context, ReproductionReport report) =>
        JsonOutput.Write(context, w =>
        {
            w.WriteStartObject();
            w.WriteString("run_id", report.OriginalRunId);
            w.WriteString("reproduction_run_id", report.ReproductionRunId);
            w.WriteBoolean("reproduced", report.Reproduced);
            w.WriteString("commit", report.Commit);
            w.WriteBoolean("diff_applied", report.DiffApplied);
            w.WriteString("folder", report.Folder);
            w.WriteBoolean("kept", report.Kept);
            if (report.Failure is { } failure)
            {
                w.WriteString("failure", failure);
            }

            w.WriteStartArray("metrics");
            foreach (var metric in report.Metrics)
            {
                w.WriteStartObject();
                w.WriteString("scope", metric.Scope);
                w.WriteString("key", metric.Key);
                w.WriteNumber("original", metric.Original);
                if (metric.Reproduced is { } value)
                {
                    w.WriteNumber("reproduced", value);
                    w.WriteNumber("difference", metric.Difference!.Value);
                    w.WriteNumber("relative_difference", metric.RelativeDifference!.Value);
                }
                else
                {
                    w.WriteNull("reproduced");
                }

                w.WriteBoolean("matched", metric.Matched);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("outputs");
            foreach (var file in report.Outputs)
            {
                w.WriteStartObject();
                w.WriteString("scope", file.Scope);
                w.WriteString("path", file.Path);
                w.WriteString("original", file.OriginalHash);
                w.WriteString("reproduced", file.ReproducedHash);
                w.WriteBoolean("matched", file.Matched);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("left_out");
            foreach (var (stage, reason) in report.LeftOut)
            {
                w.WriteStartObject();
                w.WriteString("stage", stage);
                w.WriteString("reason", reason);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            EnvironmentJson.WriteDifferences(w, "environment_differences", report.EnvironmentDifferences);
            w.WriteNumber("setup_seconds", report.Setup.TotalSeconds);
            w.WriteNumber("run_seconds", report.Execution.TotalSeconds);
            w.WriteEndObject();
        });

    private static string Scoped(string scope, string name) => scope.Length == 0 ? name : $"{scope}/{name}";

    private static string Number(double value) => value.ToString("G17", CultureInfo.InvariantCulture);

    private static string Short(string? hash) => hash is null ? "(absent)" : hash[..Math.Min(12, hash.Length)];
}
