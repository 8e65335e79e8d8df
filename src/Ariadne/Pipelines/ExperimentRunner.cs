using Ariadne.Tracking;
using Ariadne.Workspace;

namespace Ariadne.Pipelines;

/// <summary>
/// <c>ariadne exp run</c> and the trials of <c>ariadne sweep</c>: runs the pipeline with overridden params in a
/// throwaway working copy (<see cref="ExperimentCheckout"/>), so the workspace's params files, lock file and outputs are
/// never touched. Only the stages the overrides affect run; the run cache applies. Each experiment is a tracked run
/// (params: the overrides; metrics: those of <see cref="ExperimentMetrics"/>, named file:key) with the pipeline's run nested under it.
/// </summary>
internal sealed class ExperimentRunner(DataWorkspace workspace, TrackingClient tracking, TextWriter log, string? experiment = null, IStageExecutor? executor = null)
{
    public const string ExperimentTag = "ariadne.exp";

    /// <summary>Tag on an experiment's run: the stages left out because they read a sealed test set (comma-separated).</summary>
    public const string LeftOutTag = "ariadne.sealed.left_out";

    /// <summary>Tag on an experiment's run: why it was allowed to read sealed test sets (<c>--read-sealed</c>).</summary>
    public const string ReadSealedTag = "ariadne.sealed.read_reason";

    public string Experiment { get; } = experiment ?? "pipelines";

    /// <summary>
    /// Null (the default): stages that read a sealed test set (<see cref="SealedStages"/>) are left out, and any read
    /// of one fails. A reason: they run, each read spends the budget, and the reason is recorded on the run.
    /// </summary>
    public string? ReadSealedReason { get; init; }

    /// <summary>Runs one experiment; holds the workspace lock meanwhile, so nothing else changes the cache under it.</summary>
    public async Task<TrialResult> RunAsync(IReadOnlyList<ParamOverride> overrides, int jobs = 1, CancellationToken cancellationToken = default)
    {
        Check(overrides);
        CheckReadSealedReason(ReadSealedReason);
        using var held = workspace.Lock();
        ExperimentCheckout.RemoveLeftovers(workspace);
        return await TrialAsync(0, overrides, "exp", null, new Dictionary<string, string> { [ExperimentTag] = "true" }, jobs, log, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks the pipeline and every override before anything runs.</summary>
    internal void Check(IReadOnlyList<ParamOverride> overrides)
    {
        PipelineFile.Load(workspace.Root);
        ParamOverride.Validate(workspace.Root, overrides.Select(o => (o.File, o.Key)));
        var duplicate = overrides.GroupBy(o => o.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw AriadneException.InvalidArgument($"Param '{duplicate.Key}' is set more than once; give each key one -S.");
        }
    }

    /// <summary>One experiment in its own working copy; the caller holds the workspace lock.</summary>
    internal async Task<TrialResult> TrialAsync(int index, IReadOnlyList<ParamOverride> overrides, string name, string? parentRunId, IReadOnlyDictionary<string, string> tags, int jobs, TextWriter trialLog, CancellationToken cancellationToken)
    {
        using var checkout = ExperimentCheckout.Create(workspace);
        ParamOverride.Apply(checkout.Root, overrides);
        var pipeline = PipelineFile.Load(checkout.Root);
        var leftOut = ReadSealedReason is null ? SealedStages.Find(pipeline, checkout.Root) : [];
        var kept = pipeline.Stages.Where(s => !leftOut.Any(l => l.Stage == s.Name)).ToList();
        if (kept.Count == 0)
        {
            throw AriadneException.InvalidArgument($"Every stage reads a sealed test set ({string.Join("; ", leftOut.Select(l => $"'{l.Stage}': {l.Reason}"))}), so an experiment has nothing to run. Pass --read-sealed \"<reason>\" to read it on purpose.");
        }

        var allTags = new Dictionary<string, string>(tags);
        if (leftOut.Count > 0)
        {
            allTags[LeftOutTag] = string.Join(",", leftOut.Select(l => l.Stage));
        }

        if (ReadSealedReason is not null)
        {
            allTags[ReadSealedTag] = ReadSealedReason;
        }

        await using var run = await Processes.TrackedCommand.StartAsync(tracking, Experiment, name, parentRunId, command: null, allTags,
            overrides.Select(o => new KeyValuePair<string, object>(o.Name, o.Value)), captureEnvironment: true, cancellationToken).ConfigureAwait(false);
        var repro = await run.GuardAsync(() =>
        {
            var runner = new PipelineRunner(checkout.Workspace, pipeline, trialLog, executor, tracking: tracking, experiment: Experiment, parentRunId: run.RunId);
            var sealedReads = ReadSealedReason is null
                ? "refuse: this stage runs in an experiment or sweep trial, which does not read sealed test sets"
                : "allow: " + ReadSealedReason;
            return runner.RunAsync(
                new ReproOptions(leftOut.Count == 0 ? [] : [.. kept.Select(s => s.Name)], Jobs: jobs, Environment: new Dictionary<string, string> { [TrackingKeys.SealedReadsVariable] = sealedReads }),
                cancellationToken);
        }).ConfigureAwait(false);

        // Left-out stages (sealed reads) do not run here, so ExperimentMetrics leaves their files out as well.
        var metrics = ExperimentMetrics.Collect(pipeline, checkout.Root, repro);

        foreach (var (key, value) in metrics)
        {
            run.Run.LogMetric(key, value, 0);
        }

        await run.EndAsync(repro.Succeeded ? RunStatus.Finished : RunStatus.Failed).ConfigureAwait(false);
        return new TrialResult(index, run.RunId, overrides, metrics, repro) { LeftOut = leftOut };
    }

    internal static void CheckReadSealedReason(string? reason)
    {
        if (reason is not null && string.IsNullOrWhiteSpace(reason))
        {
            throw AriadneException.InvalidArgument("--read-sealed needs a written reason, e.g. --read-sealed \"final estimate of the chosen model, agreed with the team\"; it is recorded on the run.");
        }
    }
}
