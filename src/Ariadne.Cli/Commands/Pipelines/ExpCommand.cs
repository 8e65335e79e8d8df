using System.CommandLine;
using Ariadne.Pipelines;
using Spectre.Console;

namespace Ariadne.Cli.Commands.Pipelines;

/// <summary>
/// <c>ariadne exp run -S key=value ...</c>: runs the pipeline with overridden params in a throwaway working copy,
/// leaving the workspace's params, lock file and outputs as they were; the experiment is a tracked run. Its
/// subcommands <c>show</c> and <c>apply</c> live in their own files.
/// </summary>
internal static class ExpCommand
{
    public static Command Create(CliContext context)
    {
        var set = new Option<string[]>("--set-param", "-S") { Description = "Override a param: key=value, or file.yaml:key=value for another params file (repeatable)", Arity = ArgumentArity.OneOrMore };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Stages to run at once (default 1)", DefaultValueFactory = _ => 1 };
        var experiment = new Option<string?>("--experiment", "-e") { Description = "Experiment of the tracked runs (default 'pipelines')" };
        var json = new Option<bool>("--json") { Description = "Print the run id, params, metrics and stages as JSON (the log goes to stderr)" };
        var executor = ExecutorOption.Create();
        var readSealed = ReadSealedOption.Create();
        var run = new Command("run", "Run the pipeline with overridden params without changing the workspace; the run is tracked. Stages that read a sealed test set are left out unless --read-sealed gives a reason.")
        {
            set, jobs, experiment, executor, readSealed, json,
        };
        run.SetAction(async (parse, ct) =>
        {
            var overrides = (parse.GetValue(set) ?? []).Select(ParamOverride.Parse).ToList();
            if (parse.GetValue(jobs) < 1)
            {
                throw AriadneException.InvalidArgument($"--jobs must be at least 1, not {parse.GetValue(jobs)}.");
            }

            var stageExecutor = ExecutorOption.Resolve(parse.GetValue(executor));
            var workspace = context.OpenWorkspace();
            var asJson = parse.GetValue(json);
            var log = asJson ? context.Error : context.Console.Profile.Out.Writer;
            await using var tracking = context.OpenTracking();
            var runner = new ExperimentRunner(workspace, tracking, log, parse.GetValue(experiment), stageExecutor) { ReadSealedReason = parse.GetValue(readSealed) };
            var result = await runner.RunAsync(overrides, parse.GetValue(jobs), ct).ConfigureAwait(false);
            if (asJson)
            {
                JsonOutput.Write(context, w => TrialOutput.Write(w, result));
            }
            else
            {
                var output = context.Console.Profile.Out.Writer;
                output.WriteLine(result.Succeeded
                    ? $"Experiment run {result.RunId} finished; the workspace is unchanged."
                    : $"Experiment run {result.RunId} failed: {string.Join("; ", result.Repro.Stages.Where(s => s.Error is not null).Select(s => $"stage '{s.Stage}': {s.Error}"))}. The workspace is unchanged.");
                if (result.Metrics.Count > 0)
                {
                    var table = new Table();
                    table.AddColumn("Metric");
                    table.AddColumn("Value");
                    foreach (var (key, value) in result.Metrics)
                    {
                        table.AddRow(Markup.Escape(key), Format.Number(value));
                    }

                    context.Console.Write(table);
                }

                ReadSealedOption.WriteLeftOut(output, result.LeftOut);
            }

            return result.Succeeded ? ExitCodes.Success : ExitCodes.Incomplete;
        });
        return new Command("exp", "Experiments: run the pipeline with other params without changing the workspace, list them, bring one into the workspace.")
        {
            run, ExpShowCommand.Create(context), ExpApplyCommand.Create(context),
        };
    }
}
