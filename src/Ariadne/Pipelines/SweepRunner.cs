using System.Globalization;
using Ariadne.Tracking;
using Ariadne.Workspace;

namespace Ariadne.Pipelines;

/// <summary>
/// <c>ariadne sweep</c>: runs one experiment (<see cref="ExperimentRunner"/>) per combination of values (grid search),
/// or per random draw (random search, seeded), up to <see cref="SweepOptions.Jobs"/> at once, each in its own working
/// copy. A sweep run is the parent of every trial's run (tagged with the sweep's id); each trial's pipeline run is
/// nested under its trial. Everything is checked before the first trial starts.
/// </summary>
internal sealed class SweepRunner(DataWorkspace workspace, TrackingClient tracking, TextWriter log, string? experiment = null, IStageExecutor? executor = null)
{
    public const string SweepTag = "ariadne.sweep";
    public const string SweepIdTag = "ariadne.sweep.id";
    public const string TrialTag = "ariadne.sweep.trial";

    /// <summary>The trials a sweep would run, in order: the params each sets. Throws on bad options, before anything runs.</summary>
    public static IReadOnlyList<IReadOnlyList<ParamOverride>> Plan(SweepOptions options)
    {
        if (options.Parameters.Count == 0)
        {
            throw AriadneException.InvalidArgument("A sweep needs at least one -S key=values (e.g. -S train.lr=0.001,0.01,0.1).");
        }

        if (options.Jobs < 1)
        {
            throw AriadneException.InvalidArgument($"--jobs must be at least 1, not {options.Jobs}.");
        }

        if (options.ReusableHoldout is { } reusable && (options.Metric is null || string.IsNullOrWhiteSpace(reusable.TrainMetric)))
        {
            throw AriadneException.InvalidArgument("--reusable-holdout ranks by a validation metric against its training counterpart: give --metric (e.g. validation.accuracy) and --train-metric (e.g. train.accuracy).");
        }

        if (options.Parameters.GroupBy(p => p.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw AriadneException.InvalidArgument($"Param '{twice.Key}' is swept more than once; give each key one -S.");
        }

        if (options.RandomTrials is { } count)
        {
            if (count < 1)
            {
                throw AriadneException.InvalidArgument($"--random must be at least 1, not {count}.");
            }

            var random = new Random(options.Seed);
            return [.. Enumerable.Range(0, count).Select(_ => (IReadOnlyList<ParamOverride>)[.. options.Parameters.Select(p => new ParamOverride(p.File, p.Key, p.Sample(random)))])];
        }

        if (options.Parameters.FirstOrDefault(p => p.IsContinuous) is { } continuous)
        {
            throw AriadneException.InvalidArgument($"-S {continuous.Name}={continuous.Spec} is continuous: it needs random search (--random N), or list values for a grid.");
        }

        var size = options.Parameters.Aggregate(1L, (n, p) => n * p.Values.Count);
        if (size > 10_000)
        {
            throw AriadneException.InvalidArgument($"The grid has {size} trials; at most 10000. Use fewer values, or --random N.");
        }

        // Cartesian product, the first -S varying slowest.
        IEnumerable<IReadOnlyList<ParamOverride>> trials = [[]];
        foreach (var parameter in options.Parameters)
        {
            trials = trials.SelectMany(t => parameter.Values.Select(v => (IReadOnlyList<ParamOverride>)[.. t, new ParamOverride(parameter.File, parameter.Key, v)]));
        }

        return [.. trials];
    }

    public async Task<SweepResult> RunAsync(SweepOptions options, CancellationToken cancellationToken = default)
    {
        var trials = Plan(options);
        var experiments = new ExperimentRunner(workspace, tracking, log, experiment, executor) { ReadSealedReason = options.ReadSealed };
        experiments.Check(trials[0]);
        ExperimentRunner.CheckReadSealedReason(options.ReadSealed);
        var pipelineFile = PipelineFile.Load(workspace.Root);
        var leftOut = options.ReadSealed is null ? SealedStages.Find(pipelineFile, workspace.Root) : [];

        // --metric names a metric as file:key, or by its key alone when one file has it; known now when the workspace's
        // metrics files hold it (an ambiguous key is refused before anything runs), else after the trials.
        var metric = options.Metric is { } given ? ExperimentMetrics.Resolve(given, ExperimentMetrics.InWorkspace(workspace.Root, pipelineFile)) ?? given : null;
        CheckMetricIsNotSealed(metric, leftOut, pipelineFile);
        using var held = workspace.Lock();
        ExperimentCheckout.RemoveLeftovers(workspace);

        var sweepTags = new Dictionary<string, string>
        {
            [SweepTag] = "true",
            [SweepTag + ".kind"] = options.RandomTrials is null ? "grid" : "random",
        };
        if (leftOut.Count > 0)
        {
            sweepTags[ExperimentRunner.LeftOutTag] = string.Join(",", leftOut.Select(l => l.Stage));
        }

        if (options.ReadSealed is { } readSealed)
        {
            sweepTags[ExperimentRunner.ReadSealedTag] = readSealed;
        }

        await using var sweep = await tracking.StartNewRunAsync(experiments.Experiment, "sweep", null, sweepTags, cancellationToken).ConfigureAwait(false);
        foreach (var stage in leftOut)
        {
            log.WriteLine($"Every trial leaves out stage '{stage.Stage}': {stage.Reason}. Rank on validation metrics; pass --read-sealed \"<reason>\" to read the sealed set on purpose.");
        }

        var sweepParams = options.Parameters.Select(p => new KeyValuePair<string, object>("sweep." + p.Name, p.Spec)).ToList();
        sweepParams.Add(new("sweep.trials", trials.Count));
        if (options.RandomTrials is not null)
        {
            sweepParams.Add(new("sweep.seed", options.Seed));
        }

        if (metric is not null)
        {
            sweepParams.Add(new("sweep.metric", (options.Maximize ? "max " : "min ") + metric));
        }

        var thresholdout = options.ReusableHoldout is { } reusable
            ? new Data.Holdout.ReusableHoldout(reusable.Threshold, reusable.Sigma, reusable.Budget ?? trials.Count, options.Seed)
            : null;
        if (thresholdout is not null)
        {
            sweepParams.Add(new("sweep.reusable_holdout", string.Create(CultureInfo.InvariantCulture,
                $"thresholdout; train_metric={options.ReusableHoldout!.TrainMetric}; threshold={thresholdout.Threshold}; sigma={thresholdout.Sigma}; budget={thresholdout.Budget}; seed={options.Seed}")));
        }

        await sweep.LogParamsAsync(sweepParams, cancellationToken).ConfigureAwait(false);

        var synchronizedLog = TextWriter.Synchronized(log);
        using var slots = new SemaphoreSlim(options.Jobs, options.Jobs);
        var tasks = trials.Select(async (overrides, i) =>
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var name = $"trial-{i + 1}";
                synchronizedLog.WriteLine($"Trial {i + 1} of {trials.Count}: {string.Join(", ", overrides.Select(o => $"{o.Name}={o.Value}"))}");
                var trialLog = options.Jobs > 1 ? new PrefixedLog(synchronizedLog, $"[{name}] ") : synchronizedLog;
                var tags = new Dictionary<string, string>
                {
                    [SweepIdTag] = sweep.RunId,
                    [TrialTag] = (i + 1).ToString(CultureInfo.InvariantCulture),
                };
                return await experiments.TrialAsync(i + 1, overrides, name, sweep.RunId, tags, 1, trialLog, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                slots.Release();
            }
        }).ToList();

        TrialResult[] results;
        try
        {
            results = await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await sweep.EndAsync(RunStatus.Killed, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        string? trainMetric = null;
        try
        {
            var produced = results.SelectMany(t => t.Metrics.Keys).ToList();
            metric = metric is null ? null : ExperimentMetrics.Resolve(metric, produced) ?? metric;
            trainMetric = options.ReusableHoldout is { } holdout ? ExperimentMetrics.Resolve(holdout.TrainMetric, produced) ?? holdout.TrainMetric : null;
        }
        catch (AriadneException)
        {
            await sweep.EndAsync(RunStatus.Failed, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        var answers = thresholdout is null ? null : Thresholdout(results, metric!, trainMetric!, thresholdout);
        var ranked = answers is null ? Rank(results, metric, options.Maximize) : RankBy(results, answers, options.Maximize);
        var result = new SweepResult(sweep.RunId, ranked, metric, options.Maximize, options.Seed)
        {
            LeftOut = results.FirstOrDefault()?.LeftOut ?? leftOut,
            HoldoutAnswers = answers,
            ReusableHoldout = thresholdout,
        };
        if (thresholdout is not null)
        {
            foreach (var (index, answer) in answers!)
            {
                sweep.LogMetric("reusable_holdout.answer", answer, index);
            }

            sweep.LogMetric("reusable_holdout.spent", thresholdout.Budget - thresholdout.Remaining, 0);
            sweep.LogMetric("reusable_holdout.remaining", thresholdout.Remaining, 0);
            sweep.LogMetric("reusable_holdout.queries", thresholdout.Queries, 0);
        }

        if (result.Best is { } best)
        {
            sweep.LogMetric("best." + metric, answers is null ? best.Metrics[metric!] : answers[best.Index], 0);
            await sweep.SetTagAsync(SweepTag + ".best_run", best.RunId, CancellationToken.None).ConfigureAwait(false);
        }

        await sweep.EndAsync(result.Succeeded ? RunStatus.Finished : RunStatus.Failed, CancellationToken.None).ConfigureAwait(false);
        return result;
    }

    /// <summary>A ranking metric written by a left-out stage would leave every trial unranked, or tempt a read: say so before any trial runs.</summary>
    private void CheckMetricIsNotSealed(string? metric, IReadOnlyList<SealedStage> leftOut, PipelineFile pipeline)
    {
        if (metric is null || leftOut.Count == 0)
        {
            return;
        }

        foreach (var stage in leftOut)
        {
            foreach (var file in pipeline.Graph[stage.Stage].Metrics.Where(m => File.Exists(Path.Combine(workspace.Root, m.Path))))
            {
                if (MetricsFile.Read(Path.Combine(workspace.Root, file.Path)).Any(kv => ExperimentMetrics.Name(file.Path, kv.Key) == metric || kv.Key == metric))
                {
                    throw AriadneException.InvalidArgument(
                        $"--metric {metric} comes from stage '{stage.Stage}', which the trials leave out: {stage.Reason}. Select models on a validation metric (e.g. from 'ariadne metrics show'); score only the chosen one on the sealed set.");
                }
            }
        }
    }

    /// <summary>
    /// One Thresholdout query per succeeded trial with both metrics, in trial order: the answer is the training value
    /// unless validation differs by more than the noisy threshold. Once the budget is spent the rest get no answer.
    /// </summary>
    internal static IReadOnlyDictionary<int, double> Thresholdout(IReadOnlyList<TrialResult> trials, string metric, string trainMetric, Data.Holdout.ReusableHoldout holdout)
    {
        var answers = new SortedDictionary<int, double>();
        foreach (var trial in trials.Where(t => t.Succeeded).OrderBy(t => t.Index))
        {
            if (holdout.Remaining < 1)
            {
                break;
            }

            if (trial.Metrics.TryGetValue(metric, out var validation) && trial.Metrics.TryGetValue(trainMetric, out var train))
            {
                answers[trial.Index] = holdout.Query(train, validation).Value;
            }
        }

        return answers;
    }

    private static IReadOnlyList<TrialResult> RankBy(IReadOnlyList<TrialResult> trials, IReadOnlyDictionary<int, double> values, bool maximize)
    {
        var scored = trials.Where(t => values.ContainsKey(t.Index)).ToList();
        var ordered = maximize
            ? scored.OrderByDescending(t => values[t.Index]).ThenBy(t => t.Index)
            : scored.OrderBy(t => values[t.Index]).ThenBy(t => t.Index);
        return [.. ordered, .. trials.Except(scored).OrderBy(t => t.Index)];
    }

    /// <summary>Best first: succeeded trials with the metric by value (ties in trial order), then the rest in trial order.</summary>
    internal static IReadOnlyList<TrialResult> Rank(IReadOnlyList<TrialResult> trials, string? metric, bool maximize)
    {
        if (metric is null)
        {
            return [.. trials.OrderBy(t => t.Index)];
        }

        var scored = trials.Where(t => t.Succeeded && t.Metrics.ContainsKey(metric)).ToList();
        var ordered = maximize
            ? scored.OrderByDescending(t => t.Metrics[metric]).ThenBy(t => t.Index)
            : scored.OrderBy(t => t.Metrics[metric]).ThenBy(t => t.Index);
        return [.. ordered, .. trials.Except(scored).OrderBy(t => t.Index)];
    }

    /// <summary>Prefixes each line a trial's pipeline writes, so parallel trials can be told apart.</summary>
    private sealed class PrefixedLog(TextWriter inner, string prefix) : TextWriter
    {
        public override System.Text.Encoding Encoding => inner.Encoding;

        public override void WriteLine(string? value) => inner.WriteLine(prefix + value);

        public override void Write(char value) => inner.Write(value);

        public override void Flush() => inner.Flush();
    }
}
