using System.Diagnostics;
using Ariadne.Pipelines;
using Ariadne.Processes;
using Ariadne.RunContext;
using Ariadne.Tracking;
using Ariadne.Workspace;

namespace Ariadne.Reproduction;

/// <summary>
/// <c>ariadne reproduce</c>: re-executes a recorded run (a command of <c>ariadne run</c>, a pipeline run of
/// <c>ariadne repro</c>, or one stage's run) in a clean git worktree at the recorded commit with the recorded diff
/// applied, its inputs restored by hash, with the recorded params, seeds and variables; then compares every metric
/// and output. Everything that can refuse (commit, diff, folder, inputs) is checked before anything is written. The
/// reproduction is a tracked run tagged <see cref="ReproductionReport.ReproductionOfTag"/>; the original lists it in
/// <see cref="ReproductionReport.ReproductionsTag"/>.
/// </summary>
internal sealed class RunReproducer(DataWorkspace workspace, TrackingClient tracking, TextWriter log)
{
    private const string StageTag = "ariadne.pipeline.stage";
    private const string PipelineTag = "ariadne.pipeline";

    // Provenance Ariadne writes on every run: not outputs of the command.
    private static readonly HashSet<string> ProvenanceArtifacts = new(StringComparer.Ordinal)
    {
        RecordedEnvironment.EnvironmentArtifact, RecordedEnvironment.DiffArtifact, PythonEnvironment.ArtifactPath, TrackedCommand.LogArtifact, PipelineTracking.DagArtifact,
    };

    private ITrackingStore Store => tracking.Store;

    public async Task<ReproductionReport> ReproduceAsync(Run original, ReproductionOptions options, CancellationToken cancellationToken)
    {
        var id = original.Info.RunId;
        var isStage = Tag(original, StageTag) is not null;
        var isPipeline = !isStage && Tag(original, PipelineTag) is not null;
        var argv = isStage || isPipeline ? null : RecordedCommand.Argv(original);
        if (!isStage && !isPipeline && argv is null)
        {
            throw AriadneException.InvalidArgument($"Run {id} recorded no command and no pipeline (runs made by training code through the SDK have none), so there is nothing to run again. Reproduce the run of 'ariadne run' or 'ariadne repro' that holds it.");
        }

        // The recorded code: commit, and the diff on top of it.
        var found = await RecordedEnvironment.FindAsync(Store, original, cancellationToken).ConfigureAwait(false)
            ?? throw AriadneException.InvalidArgument($"Run {id} recorded no environment (no environment.json), so its commit is unknown.");
        var recorded = await RecordedEnvironment.LoadAsync(Store, workspace.Cache, original, cancellationToken).ConfigureAwait(false);
        var commit = recorded.GitCommit
            ?? throw AriadneException.InvalidArgument($"Run {id} recorded no git commit (it ran outside a git repository, or in one with no commit yet), so there is no code to check out again. Commit the code and run it again to make a run that can be reproduced.");
        var diff = await DiffAsync(found.Run, recorded, cancellationToken).ConfigureAwait(false);
        var gitRoot = workspace.GitRoot
            ?? throw AriadneException.InvalidArgument($"The workspace '{workspace.Root}' is not in a git repository; reproduce checks the recorded commit out of the repository.");
        if (!new GitRepository(gitRoot).IsCommit(commit))
        {
            throw AriadneException.CommitMissing(id, commit, gitRoot);
        }

        var folder = Path.GetFullPath(options.Folder ?? ReproductionWorktree.DefaultFolder(workspace, id));
        ReproductionWorktree.CheckFolder(folder);

        // The original stage runs, and the inputs to restore (tracked data read by the run or its stages).
        var pipelineRun = isPipeline ? original : isStage ? await Store.GetRunAsync(original.Info.ParentRunId!, cancellationToken).ConfigureAwait(false) : null;
        var originalStages = isStage ? [original] : isPipeline ? await ChildrenAsync(original, cancellationToken).ConfigureAwait(false) : [];
        var inputs = Inputs(commit, isStage || isPipeline ? originalStages.Concat(pipelineRun is null ? [] : [pipelineRun]) : [original]);
        var setup = Stopwatch.StartNew();
        await new InputRestore(workspace).EnsureAsync(inputs, cancellationToken).ConfigureAwait(false);

        using var worktree = ReproductionWorktree.Create(workspace, gitRoot, commit, diff, folder, options.Keep);
        if (inputs.Count > 0)
        {
            new WorkspaceCheckout(worktree.Workspace).Checkout([.. inputs.Select(i => Path.Combine(worktree.Workspace.Root, i.Path))], force: true);
        }

        setup.Stop();
        log.WriteLine($"Reproducing run {id} at commit {commit[..Math.Min(12, commit.Length)]}{(diff is null ? "" : " with its uncommitted diff")} in {worktree.Folder} (setup {setup.Elapsed.TotalSeconds:0.0} s).");
        var client = tracking.ForWorkspace(worktree.Workspace);
        var experiment = (await Store.GetExperimentAsync(original.Info.ExperimentId, cancellationToken).ConfigureAwait(false))?.Name;
        var variables = recorded.ResultVariables;
        var tags = new Dictionary<string, string>(StringComparer.Ordinal) { [ReproductionReport.ReproductionOfTag] = id };
        var execution = Stopwatch.StartNew();
        var outcome = argv is not null
            ? await CommandAsync(original, argv, worktree, client, experiment, tags, variables, options, cancellationToken).ConfigureAwait(false)
            : await PipelineAsync(original, originalStages, worktree, client, experiment, tags, variables, options, cancellationToken).ConfigureAwait(false);
        execution.Stop();

        var reproduction = await Store.GetRunAsync(outcome.RunId, cancellationToken).ConfigureAwait(false);
        var current = await RecordedEnvironment.LoadAsync(Store, workspace.Cache, reproduction, cancellationToken).ConfigureAwait(false);
        var report = new ReproductionReport(id, outcome.RunId, commit, diff is not null, worktree.Folder, options.Keep, outcome.Metrics, outcome.Outputs, outcome.LeftOut,
            EnvironmentComparison.Compare(recorded, current), outcome.Failure, setup.Elapsed, execution.Elapsed);
        await RecordAsync(original, report, cancellationToken).ConfigureAwait(false);
        return report;
    }

    private sealed record Outcome(string RunId, IReadOnlyList<MetricComparison> Metrics, IReadOnlyList<OutputComparison> Outputs, IReadOnlyList<(string, string)> LeftOut, string? Failure);

    private async Task<Outcome> CommandAsync(Run original, IReadOnlyList<string> argv, ReproductionWorktree worktree, TrackingClient client, string? experiment,
        Dictionary<string, string> tags, IReadOnlyDictionary<string, string> variables, ReproductionOptions options, CancellationToken cancellationToken)
    {
        var folder = Path.GetFullPath(Path.Combine(worktree.Workspace.Root, RecordedCommand.Folder(original)));
        var metricsFiles = RecordedCommand.MetricsFiles(original);
        foreach (var (key, value) in RecordedCommand.Tags(argv, metricsFiles, RecordedCommand.Folder(original)))
        {
            tags[key] = value;
        }

        var child = new ProcessCommand(argv[0], [.. argv.Skip(1)])
        {
            WorkingDirectory = folder,
            Environment = variables.ToDictionary(v => v.Key, v => (string?)v.Value, StringComparer.Ordinal),
        };
        var run = await TrackedCommand.StartAsync(client, experiment, $"reproduce {original.Info.RunName}", null, string.Join(' ', argv), tags,
            original.Params.Select(p => new KeyValuePair<string, object>(p.Key, p.Value)), captureEnvironment: true, cancellationToken).ConfigureAwait(false);
        await using (run.ConfigureAwait(false))
        {
            if (original.Inputs.Count > 0)
            {
                await Store.LogInputsAsync(run.RunId, original.Inputs, cancellationToken).ConfigureAwait(false);
            }

            await RecordedCommand.LogPythonAsync(run.Run, argv[0], folder, cancellationToken).ConfigureAwait(false);
            var before = metricsFiles.ToDictionary(f => f, f => File.Exists(Path.Combine(folder, f)) ? File.GetLastWriteTimeUtc(Path.Combine(folder, f)) : (DateTime?)null, StringComparer.Ordinal);
            var (exitCode, output, cancelled) = await run.RunProcessAsync(child, Echo, Echo, cancellationToken).ConfigureAwait(false);
            foreach (var file in metricsFiles)
            {
                var full = Path.Combine(folder, file);
                if (File.Exists(full) && File.GetLastWriteTimeUtc(full) != before[file])
                {
                    run.LogMetricsFile(full);
                }
            }

            // 'ariadne run --output PATH' stored each output under its workspace path: store what the command wrote there again.
            foreach (var path in Outputs(await Store.ListArtifactsAsync(original.Info.RunId, cancellationToken).ConfigureAwait(false)).Keys)
            {
                var full = Path.Combine(worktree.Workspace.Root, path);
                if (File.Exists(full) || Directory.Exists(full))
                {
                    await run.Run.LogArtifactAsync(full, path, cancellationToken).ConfigureAwait(false);
                }
            }

            await run.EndAsync(TrackedCommand.StatusOf(exitCode, cancelled), output, exitCode).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            var reproduced = await Store.GetRunAsync(run.RunId, cancellationToken).ConfigureAwait(false);
            var (metrics, outputs) = await CompareAsync("", original, reproduced, options.Tolerance, cancellationToken).ConfigureAwait(false);
            return new Outcome(run.RunId, metrics, outputs, [], exitCode == 0 ? null : $"the command exited with code {exitCode} (the original: {Tag(original, TrackedCommand.ExitCodeTag) ?? "unknown"})");
        }
    }

    private async Task<Outcome> PipelineAsync(Run original, IReadOnlyList<Run> originalStages, ReproductionWorktree worktree, TrackingClient client, string? experiment,
        Dictionary<string, string> tags, IReadOnlyDictionary<string, string> variables, ReproductionOptions options, CancellationToken cancellationToken)
    {
        var pipeline = PipelineFile.Load(worktree.Workspace.Root);
        var sealedStages = SealedStages.Find(pipeline, worktree.Workspace.Root);
        var byStage = originalStages.Where(r => Tag(r, StageTag) is not null).GroupBy(r => Tag(r, StageTag)!).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        var leftOut = sealedStages.Where(s => byStage.ContainsKey(s.Stage)).Select(s => (s.Stage, $"{s.Reason}; reproducing it would spend a read of the sealed test set")).ToList();
        var targets = byStage.Keys.Where(s => !sealedStages.Any(l => l.Stage == s)).Order(StringComparer.Ordinal).ToList();
        if (targets.Count == 0)
        {
            throw AriadneException.InvalidArgument(byStage.Count == 0
                ? $"Run {original.Info.RunId} has no stage runs to reproduce."
                : $"Every stage of run {original.Info.RunId} reads a sealed test set ({string.Join("; ", leftOut.Select(l => $"'{l.Stage}': {l.Item2}"))}); reproduce leaves those out, so there is nothing to run.");
        }

        var environment = variables.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        environment[TrackingKeys.SealedReadsVariable] = "refuse: this stage runs in 'ariadne reproduce', which does not read sealed test sets";
        var run = await TrackedCommand.StartAsync(client, experiment, $"reproduce {original.Info.RunName}", null, command: null, tags, parameters: null,
            captureEnvironment: true, cancellationToken).ConfigureAwait(false);
        await using (run.ConfigureAwait(false))
        {
            var runner = new PipelineRunner(worktree.Workspace, pipeline, log, tracking: client, experiment: experiment, parentRunId: run.RunId);
            var result = await run.GuardAsync(() => runner.RunAsync(new ReproOptions(targets, Force: true, Environment: environment), cancellationToken)).ConfigureAwait(false);
            await run.EndAsync(result.Succeeded ? RunStatus.Finished : RunStatus.Failed).ConfigureAwait(false);
            var metrics = new List<MetricComparison>();
            var outputs = new List<OutputComparison>();
            foreach (var (stage, stageRun) in byStage.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                if (leftOut.Any(l => l.Stage == stage))
                {
                    continue;
                }

                var outcome = result.Stages.FirstOrDefault(s => s.Stage == stage);
                var reproduced = outcome?.RunId is { } newId ? await Store.GetRunAsync(newId, cancellationToken).ConfigureAwait(false) : null;
                var (m, o) = await CompareAsync(stage, stageRun, reproduced, options.Tolerance, cancellationToken).ConfigureAwait(false);
                metrics.AddRange(m);
                outputs.AddRange(o);
            }

            var failed = result.Stages.FirstOrDefault(s => s.Result is StageResult.Failed or StageResult.Skipped);
            return new Outcome(run.RunId, metrics, outputs, leftOut, failed is null ? null : $"stage '{failed.Stage}' {(failed.Result == StageResult.Failed ? "failed" : "was skipped")}: {failed.Error}");
        }
    }

    private async Task<(List<MetricComparison>, List<OutputComparison>)> CompareAsync(string scope, Run original, Run? reproduced, double tolerance, CancellationToken cancellationToken)
    {
        var metrics = new List<MetricComparison>();
        var newMetrics = (reproduced?.LatestMetrics ?? []).GroupBy(m => m.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);
        foreach (var metric in original.LatestMetrics.Where(m => !IsMeasurementOfTheMachine(m.Key)).GroupBy(m => m.Key, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            metrics.Add(new MetricComparison(scope, metric.Key, metric.First().Value, newMetrics.TryGetValue(metric.Key, out var value) ? value : null, tolerance));
        }

        var before = Outputs(await Store.ListArtifactsAsync(original.Info.RunId, cancellationToken).ConfigureAwait(false));
        var after = reproduced is null ? [] : Outputs(await Store.ListArtifactsAsync(reproduced.Info.RunId, cancellationToken).ConfigureAwait(false));
        var outputs = before.Keys.Union(after.Keys).Order(StringComparer.Ordinal)
            .Select(path => new OutputComparison(scope, path, before.GetValueOrDefault(path), after.GetValueOrDefault(path)))
            .ToList();
        return (metrics, outputs);
    }

    /// <summary>
    /// Metrics that measure the machine rather than the result, left out of the comparison: the <c>system/*</c> series
    /// and durations (a key ending in <c>_seconds</c>, such as ML.NET autologging's <c>mlnet.fit_seconds</c>), which no
    /// re-execution repeats exactly.
    /// </summary>
    internal static bool IsMeasurementOfTheMachine(string key) =>
        key.StartsWith("system/", StringComparison.Ordinal) || key.EndsWith("_seconds", StringComparison.Ordinal);

    private static Dictionary<string, string> Outputs(IReadOnlyList<RunArtifact> artifacts) =>
        artifacts.Where(a => !ProvenanceArtifacts.Contains(a.Path)).GroupBy(a => a.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Hash, StringComparer.Ordinal);

    /// <summary>The recorded diff to apply, or null for a clean tree; an error when it was recorded dirty but the diff is missing or was cut short.</summary>
    private async Task<string?> DiffAsync(Run environmentRun, EnvironmentRecord recorded, CancellationToken cancellationToken)
    {
        if (!recorded.GitDirty)
        {
            return null;
        }

        var id = environmentRun.Info.RunId;
        if (recorded.GitDiffTruncated)
        {
            throw AriadneException.InvalidArgument($"Run {id} had uncommitted changes larger than Ariadne records ({GitState.MaxDiffChars / (1024 * 1024)} MiB of diff), so its code cannot be rebuilt exactly. Commit changes before a run you want to reproduce.");
        }

        var artifact = (await Store.ListArtifactsAsync(id, cancellationToken).ConfigureAwait(false)).FirstOrDefault(a => a.Path == RecordedEnvironment.DiffArtifact)
            ?? throw AriadneException.InvalidArgument($"Run {id} had uncommitted changes, but its git.diff artifact is missing, so its code cannot be rebuilt.");
        return RecordedEnvironment.ReadArtifact(workspace.Cache, artifact, id);
    }

    /// <summary>
    /// The tracked data to restore, as a checkout of the commit would: every pointer file at the commit (a command may
    /// read data it did not declare with --input; upstream stages that did not run in the recorded pipeline run read
    /// theirs), with the hash the runs recorded for the inputs they declared.
    /// </summary>
    private List<RecordedInput> Inputs(string commit, IEnumerable<Run> runs)
    {
        var pointers = new GitRepository(workspace.Root).PointerFilesAt(commit);
        var inputs = new Dictionary<string, RecordedInput>(StringComparer.Ordinal);
        foreach (var (pointerPath, text) in pointers)
        {
            var pointer = PointerFile.Parse(text, pointerPath);
            inputs[pointerPath] = new RecordedInput(pointerPath[..^PointerFile.Extension.Length], pointer.Hash, pointer.Kind);
        }

        foreach (var input in runs.SelectMany(r => r.Inputs))
        {
            if (input.PointerPath is not { Length: > 0 } path || !Content.ContentHash.TryParse(input.DatasetHash, out var hash))
            {
                continue;
            }

            var pointerPath = path.EndsWith(PointerFile.Extension, StringComparison.Ordinal) ? path : path + PointerFile.Extension;
            if (pointers.TryGetValue(pointerPath, out var text))
            {
                var pointer = PointerFile.Parse(text, pointerPath);
                inputs[pointerPath] = new RecordedInput(pointerPath[..^PointerFile.Extension.Length], hash, pointer.Kind);
            }
        }

        return [.. inputs.Values];
    }

    private async Task<List<Run>> ChildrenAsync(Run parent, CancellationToken cancellationToken)
    {
        var children = new List<Run>();
        await foreach (var run in Store.SearchAllRunsAsync(new RunSearch([parent.Info.ExperimentId], ViewType: ViewType.All), cancellationToken).ConfigureAwait(false))
        {
            if (run.Info.ParentRunId == parent.Info.RunId)
            {
                children.Add(run);
            }
        }

        return [.. children.OrderBy(r => r.Info.StartTime)];
    }

    private async Task RecordAsync(Run original, ReproductionReport report, CancellationToken cancellationToken)
    {
        await Store.SetTagAsync(report.ReproductionRunId, ReproductionReport.ResultTag, report.Result, cancellationToken).ConfigureAwait(false);
        var latest = await Store.GetRunAsync(original.Info.RunId, cancellationToken).ConfigureAwait(false);
        var earlier = Tag(latest, ReproductionReport.ReproductionsTag);
        var entry = $"{report.ReproductionRunId}:{report.Result}";
        var list = string.IsNullOrEmpty(earlier) ? entry : $"{earlier},{entry}";
        if (list.Length > RunEnvironment.MaxTagValueLength)
        {
            // Keep the newest reproductions when the list outgrows a tag.
            list = list[^RunEnvironment.MaxTagValueLength..];
            list = list[(list.IndexOf(',', StringComparison.Ordinal) + 1)..];
        }

        await Store.SetTagAsync(original.Info.RunId, ReproductionReport.ReproductionsTag, list, cancellationToken).ConfigureAwait(false);
    }

    private void Echo(string text)
    {
        log.Write(text);
        log.Flush();
    }

    private static string? Tag(Run run, string key) => RecordedCommand.Tag(run, key);
}
