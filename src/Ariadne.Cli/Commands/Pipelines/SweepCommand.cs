using System.CommandLine;
using Ariadne.Pipelines;
using Spectre.Console;

namespace Ariadne.Cli.Commands.Pipelines;

/// <summary>
/// <c>ariadne sweep -S key=values ...</c>: grid or random search over params, every trial an experiment in its own
/// working copy (the workspace is not changed), grouped under one tracked sweep run and ranked by a metric.
/// </summary>
internal static class SweepCommand
{
    public static Command Create(CliContext context)
    {
        var set = new Option<string[]>("--set-param", "-S") { Description = "A param and its values: key=a,b,c | key=range(2,8) | key=choice(a,b) | key=uniform(a,b) | key=loguniform(a,b); file.yaml:key=... for another params file", Arity = ArgumentArity.OneOrMore };
        var random = new Option<int?>("--random") { Description = "Random search: draw this many trials (default: grid search over every combination)" };
        var seed = new Option<int?>("--seed") { Description = "Seed of the random search (default: a random one, printed and tracked)" };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Trials to run at once, each in its own working copy (default 1)", DefaultValueFactory = _ => 1 };
        var metric = new Option<string?>("--metric") { Description = "Metric that ranks the trials: file:key (metrics.json:val.acc), or the key alone when one metrics file has it" };
        var maximize = new Option<bool>("--maximize") { Description = "Higher metric is better (the default)" };
        var minimize = new Option<bool>("--minimize") { Description = "Lower metric is better" };
        var experiment = new Option<string?>("--experiment", "-e") { Description = "Experiment of the tracked runs (default 'pipelines')" };
        var json = new Option<bool>("--json") { Description = "Print the ranked trials as JSON (the log goes to stderr)" };
        var executor = ExecutorOption.Create();
        var readSealed = ReadSealedOption.Create();
        var reusable = new Option<bool>("--reusable-holdout") { Description = "Rank through Thresholdout (the reusable holdout): --metric on validation against --train-metric, so many trials do not overfit the validation set" };
        var trainMetric = new Option<string?>("--train-metric") { Description = "With --reusable-holdout: the training counterpart of --metric (default: --metric with 'validation'/'val' replaced by 'train')" };
        var threshold = new Option<double>("--holdout-threshold") { Description = "With --reusable-holdout: Thresholdout's threshold T (default 0.04)", DefaultValueFactory = _ => 0.04 };
        var sigma = new Option<double>("--holdout-sigma") { Description = "With --reusable-holdout: Thresholdout's noise scale sigma (default 0.01)", DefaultValueFactory = _ => 0.01 };
        var budget = new Option<int?>("--holdout-budget") { Description = "With --reusable-holdout: over-threshold answers allowed (default: one per trial)" };
        var command = new Command("sweep", "Run the pipeline for many param values (grid or random search) without changing the workspace, and rank the trials. Stages that read a sealed test set are left out unless --read-sealed gives a reason.")
        {
            set, random, seed, jobs, metric, maximize, minimize, experiment, executor, readSealed, reusable, trainMetric, threshold, sigma, budget, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(maximize) && parse.GetValue(minimize))
            {
                throw AriadneException.InvalidArgument("Give --maximize or --minimize, not both.");
            }

            if ((parse.GetValue(maximize) || parse.GetValue(minimize)) && parse.GetValue(metric) is null)
            {
                throw AriadneException.InvalidArgument("--maximize and --minimize need --metric NAME (file:key of the stages' metrics files, e.g. metrics.json:val.acc).");
            }

            if (parse.GetValue(seed) is not null && parse.GetValue(random) is null)
            {
                throw AriadneException.InvalidArgument("--seed is for random search: add --random N.");
            }

            var options = new SweepOptions(
                [.. (parse.GetValue(set) ?? []).Select(SweepParameter.Parse)],
                parse.GetValue(random),
                parse.GetValue(seed) ?? Random.Shared.Next(),
                parse.GetValue(jobs),
                parse.GetValue(metric),
                !parse.GetValue(minimize))
            {
                ReadSealed = parse.GetValue(readSealed),
                ReusableHoldout = parse.GetValue(reusable)
                    ? new ReusableHoldoutOptions(parse.GetValue(trainMetric) ?? TrainCounterpart(parse.GetValue(metric)) ?? "", parse.GetValue(threshold), parse.GetValue(sigma), parse.GetValue(budget))
                    : null,
            };
            SweepRunner.Plan(options);
            var stageExecutor = ExecutorOption.Resolve(parse.GetValue(executor));
            var workspace = context.OpenWorkspace();
            var asJson = parse.GetValue(json);
            var log = asJson ? context.Error : context.Console.Profile.Out.Writer;
            await using var tracking = context.OpenTracking();
            var result = await new SweepRunner(workspace, tracking, log, parse.GetValue(experiment), stageExecutor).RunAsync(options, ct).ConfigureAwait(false);
            if (asJson)
            {
                WriteJson(context, result, options);
            }
            else
            {
                WriteTable(context, result, options);
            }

            return result.Succeeded ? ExitCodes.Success : ExitCodes.Incomplete;
        });
        return command;
    }

    private static void WriteTable(CliContext context, SweepResult result, SweepOptions options)
    {
        var output = context.Console.Profile.Out.Writer;
        var metrics = result.Metric is { } m ? [m] : result.Ranked.SelectMany(t => t.Metrics.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var table = new Table();
        table.AddColumn("Rank");
        table.AddColumn("Trial");
        table.AddColumn("Run");
        foreach (var p in options.Parameters)
        {
            table.AddColumn(Markup.Escape(p.Name));
        }

        foreach (var name in metrics)
        {
            table.AddColumn(Markup.Escape(name));
        }

        if (result.HoldoutAnswers is not null)
        {
            table.AddColumn("Thresholdout");
        }

        table.AddColumn("Status");
        var rank = 0;
        foreach (var trial in result.Ranked)
        {
            var cells = new List<string> { (++rank).ToString(System.Globalization.CultureInfo.InvariantCulture), trial.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), trial.RunId };
            cells.AddRange(trial.Params.Select(p => Markup.Escape(p.Value)));
            cells.AddRange(metrics.Select(name => trial.Metrics.TryGetValue(name, out var v) ? Format.Number(v) : "-"));
            if (result.HoldoutAnswers is { } answers)
            {
                cells.Add(answers.TryGetValue(trial.Index, out var answer) ? Format.Number(answer) : "-");
            }

            cells.Add(trial.Succeeded ? "ok" : "failed");
            table.AddRow([.. cells]);
        }

        context.Console.Write(table);
        var kind = options.RandomTrials is null ? "grid" : $"random, seed {result.Seed}";
        output.WriteLine($"Sweep run {result.SweepRunId} ({kind}): {result.Ranked.Count} trials, {result.Ranked.Count(t => !t.Succeeded)} failed. The workspace is unchanged.");
        if (result.Metric is { } metric)
        {
            output.WriteLine(result.Best is { } best
                ? $"Best by {metric} ({(result.Maximize ? "highest" : "lowest")}): trial {best.Index}, run {best.RunId}, {string.Join(", ", best.Params.Select(p => $"{p.Name}={p.Value}"))}."
                : $"No trial wrote the metric '{metric}'; check the name against 'ariadne metrics show'.");
        }

        if (result.ReusableHoldout is { } holdout)
        {
            output.WriteLine($"Ranked through Thresholdout (threshold {Format.Number(holdout.Threshold)}, sigma {Format.Number(holdout.Sigma)}): {holdout.Queries} queries, {holdout.Budget - holdout.Remaining} of a budget of {holdout.Budget} answered from validation.");
        }

        ReadSealedOption.WriteLeftOut(output, result.LeftOut);
    }

    /// <summary>validation.accuracy → train.accuracy; val.acc → train.acc; null when the metric names no validation part.</summary>
    private static string? TrainCounterpart(string? metric)
    {
        if (metric is null)
        {
            return null;
        }

        // file:key names (metrics.json:validation.accuracy) keep their file; the key's part is replaced.
        var file = metric.LastIndexOf(':') is var colon and >= 0 ? metric[..(colon + 1)] : "";
        var parts = metric[file.Length..].Split('.');
        var index = Array.FindIndex(parts, p => p is "validation" or "val" or "valid");
        if (index < 0)
        {
            return null;
        }

        parts[index] = "train";
        return file + string.Join('.', parts);
    }

    private static void WriteJson(CliContext context, SweepResult result, SweepOptions options) =>
        JsonOutput.Write(context, w =>
        {
            w.WriteStartObject();
            w.WriteString("sweep_run_id", result.SweepRunId);
            w.WriteString("kind", options.RandomTrials is null ? "grid" : "random");
            if (options.RandomTrials is not null)
            {
                w.WriteNumber("seed", result.Seed);
            }

            if (result.Metric is { } metric)
            {
                w.WriteString("metric", metric);
                w.WriteString("goal", result.Maximize ? "maximize" : "minimize");
            }

            w.WriteBoolean("succeeded", result.Succeeded);
            ReadSealedOption.WriteLeftOut(w, result.LeftOut);
            if (result.ReusableHoldout is { } holdout)
            {
                w.WriteStartObject("reusable_holdout");
                w.WriteString("train_metric", options.ReusableHoldout!.TrainMetric);
                w.WriteNumber("threshold", holdout.Threshold);
                w.WriteNumber("sigma", holdout.Sigma);
                w.WriteNumber("budget", holdout.Budget);
                w.WriteNumber("spent", holdout.Budget - holdout.Remaining);
                w.WriteNumber("queries", holdout.Queries);
                w.WriteStartObject("answers");
                foreach (var (index, answer) in result.HoldoutAnswers!)
                {
                    w.WriteNumber(index.ToString(System.Globalization.CultureInfo.InvariantCulture), answer);
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteStartArray("trials");
            var rank = 0;
            foreach (var trial in result.Ranked)
            {
                TrialOutput.Write(w, trial, ++rank);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
}
