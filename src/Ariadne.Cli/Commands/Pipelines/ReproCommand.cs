using System.CommandLine;
using Ariadne.Pipelines;

namespace Ariadne.Cli.Commands.Pipelines;

/// <summary>
/// <c>ariadne repro [stage...]</c>: brings the pipeline in <c>ariadne.yaml</c> up to date, running only the stages
/// whose command, dependencies, params or outputs changed since <c>ariadne.lock</c>.
/// </summary>
internal static class ReproCommand
{
    public static Command Create(CliContext context)
    {
        var targets = new Argument<string[]>("stage") { Description = "Stages to bring up to date, with the stages they depend on (default: all)", Arity = ArgumentArity.ZeroOrMore };
        var force = new Option<bool>("--force", "-f") { Description = "Run the stages even when nothing changed (ignores the run cache)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only say which stages would run and why" };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Stages to run at once (default 1)", DefaultValueFactory = _ => 1 };
        var keepGoing = new Option<bool>("--keep-going", "-k") { Description = "After a failure, still run the stages that do not depend on the failed one" };
        var executor = ExecutorOption.Create();
        var experiment = new Option<string?>("--experiment", "-e") { Description = "Experiment of the tracked runs (default 'pipelines')" };
        var json = new Option<bool>("--json") { Description = "Print the outcome of every stage as JSON (the log goes to stderr)" };
        var command = new Command("repro", "Run the pipeline stages whose command, dependencies, params or outputs changed since ariadne.lock.")
        {
            targets, force, dryRun, jobs, keepGoing, executor, experiment, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var stageExecutor = ExecutorOption.Resolve(parse.GetValue(executor), checkAvailable: !parse.GetValue(dryRun));

            var workspace = context.OpenWorkspace();
            var pipeline = PipelineFile.Load(workspace.Root);
            var asJson = parse.GetValue(json);
            var log = asJson ? context.Error : context.Console.Profile.Out.Writer;
            var options = new ReproOptions(parse.GetValue(targets) ?? [], parse.GetValue(force), parse.GetValue(dryRun), parse.GetValue(jobs), parse.GetValue(keepGoing));
            await using var tracking = options.DryRun ? null : context.OpenTracking();
            var runner = new PipelineRunner(workspace, pipeline, log, stageExecutor, tracking: tracking, experiment: parse.GetValue(experiment));
            var result = await runner.RunAsync(options, ct).ConfigureAwait(false);
            if (asJson)
            {
                WriteJson(context, result);
            }
            else
            {
                WriteSummary(context, result, options.DryRun);
            }

            return result.Succeeded ? ExitCodes.Success : ExitCodes.Incomplete;
        });
        return command;
    }

    private static void WriteSummary(CliContext context, ReproResult result, bool dryRun)
    {
        var output = context.Console.Profile.Out.Writer;
        if (dryRun)
        {
            foreach (var stage in result.Stages)
            {
                var what = stage.Result switch
                {
                    StageResult.WouldRun => "would run",
                    StageResult.WouldRestore => "would be restored from the run cache",
                    StageResult.Frozen => "is frozen and would not run",
                    StageResult.Failed => "would fail",
                    _ => "is up to date",
                };
                IEnumerable<string> why = stage.Error is { } error ? [error] : stage.Reasons;
                output.WriteLine(why.Any() ? $"Stage '{stage.Stage}' {what}: {string.Join("; ", why)}." : $"Stage '{stage.Stage}' {what}.");
            }

            return;
        }

        var counts = result.Stages.GroupBy(s => s.Result).ToDictionary(g => g.Key, g => g.Count());
        int Count(StageResult r) => counts.GetValueOrDefault(r);
        if (result.Stages.All(s => s.Result is StageResult.UpToDate or StageResult.Frozen))
        {
            output.WriteLine("Everything is up to date.");
            return;
        }

        foreach (var skipped in result.Stages.Where(s => s.Result == StageResult.Skipped))
        {
            output.WriteLine($"Stage '{skipped.Stage}' skipped: {skipped.Error}.");
        }

        var frozen = Count(StageResult.Frozen) > 0 ? $", {Count(StageResult.Frozen)} frozen" : "";
        output.WriteLine($"{Count(StageResult.Ran)} ran, {Count(StageResult.Restored)} restored from the run cache, {Count(StageResult.UpToDate)} up to date{frozen}, {Count(StageResult.Failed)} failed, {Count(StageResult.Skipped)} skipped.");
        if (!result.Succeeded)
        {
            output.WriteLine("Fix the failed stage and run 'ariadne repro' again: the stages that finished are kept in ariadne.lock.");
        }
    }

    private static void WriteJson(CliContext context, ReproResult result) =>
        JsonOutput.Write(context, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("succeeded", result.Succeeded);
            if (result.PipelineRunId is { } runId)
            {
                w.WriteString("run_id", runId);
            }

            w.WriteStartArray("stages");
            foreach (var stage in result.Stages)
            {
                w.WriteStartObject();
                w.WriteString("stage", stage.Stage);
                w.WriteString("result", Name(stage.Result));
                w.WriteStrings("reasons", stage.Reasons);
                if (stage.Error is { } error)
                {
                    w.WriteString("error", error);
                }

                if (stage.RunId is { } id)
                {
                    w.WriteString("run_id", id);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });

    internal static string Name(StageResult result) => result switch
    {
        StageResult.UpToDate => "up_to_date",
        StageResult.Ran => "ran",
        StageResult.Restored => "restored",
        StageResult.Failed => "failed",
        StageResult.Skipped => "skipped",
        StageResult.WouldRun => "would_run",
        StageResult.Frozen => "frozen",
        _ => "would_restore",
    };
}
