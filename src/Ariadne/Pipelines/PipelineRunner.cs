using System.Globalization;
using Ariadne.Tracking;
using Ariadne.Workspace;

namespace Ariadne.Pipelines;

/// <summary>
/// <c>ariadne repro</c>: brings the selected stages up to date in dependency order, independent stages in parallel
/// (up to <see cref="ReproOptions.Jobs"/>). A stage runs when the lock file says its command, dependencies, params or
/// outputs changed; when the same stage already ran on the same inputs, its outputs come back from the run cache
/// instead. After a successful run its outputs go into the content cache and its lock entry is replaced (temp file and
/// rename); a failed stage keeps its old entry, stores nothing, and the stages downstream of it are skipped.
/// </summary>
internal sealed class PipelineRunner
{
    private readonly DataWorkspace _workspace;
    private readonly PipelineFile _pipeline;
    private readonly TextWriter _log;
    private readonly IStageExecutor _executor;
    private readonly TrackingClient? _tracking;
    private readonly string _experiment;
    private readonly string? _parentRunId;
    private readonly PathHasher _hasher;
    private readonly ChangeDetector _changes;
    private readonly RunCache _runCache;
    private readonly Lock _logGate = new();
    private readonly Lock _lockGate = new();

    public PipelineRunner(DataWorkspace workspace, PipelineFile pipeline, TextWriter log, IStageExecutor? executor = null, TrackingClient? tracking = null, string? experiment = null, string? parentRunId = null)
    {
        _parentRunId = parentRunId;
        _workspace = workspace;
        _pipeline = pipeline;
        _log = log;
        _executor = executor ?? LocalExecutor.Instance;
        _tracking = tracking;
        _experiment = experiment ?? "pipelines";
        _hasher = new PathHasher(workspace);
        _changes = new ChangeDetector(workspace, _hasher);
        _runCache = new RunCache(workspace);
    }

    public string LockPath => LockFile.PathIn(_workspace.Root);

    public async Task<ReproResult> RunAsync(ReproOptions options, CancellationToken cancellationToken = default)
    {
        foreach (var target in options.Targets.Where(t => !_pipeline.Graph.Contains(t)))
        {
            throw AriadneException.StageNotFound(target, _pipeline.Stages.Select(s => s.Name));
        }

        if (options.Jobs < 1)
        {
            throw AriadneException.InvalidArgument($"--jobs must be at least 1, not {options.Jobs}.");
        }

        var stages = _pipeline.Graph.Select(options.Targets);
        if (options.DryRun)
        {
            return DryRun(stages, LockFile.Load(LockPath), options);
        }

        using var held = _workspace.Lock();
        var lockFile = LockFile.Load(LockPath);

        // Entries of stages no longer in the pipeline go with the next write, so gc can release their outputs.
        foreach (var gone in lockFile.Stages.Keys.Where(name => !_pipeline.Graph.Contains(name)).ToList())
        {
            lockFile.Remove(gone);
        }

        await using var tracking = _tracking is null ? null : new PipelineTracking(_tracking, _experiment, _workspace, _pipeline.Graph, _parentRunId);
        var run = new Execution(this, lockFile, options, tracking);
        var tasks = new Dictionary<string, Task<StageOutcome>>(StringComparer.Ordinal);
        foreach (var stage in stages)
        {
            var upstream = _pipeline.Graph.Upstream(stage.Name).Where(tasks.ContainsKey).Select(n => (Name: n, Task: tasks[n])).ToList();
            tasks[stage.Name] = run.StageAsync(stage, upstream, cancellationToken);
        }

        var outcomes = await Task.WhenAll(tasks.Values).ConfigureAwait(false);
        var result = new ReproResult(outcomes, tracking?.PipelineRunId);
        if (tracking is not null)
        {
            await tracking.EndAsync(cancellationToken.IsCancellationRequested ? RunStatus.Killed : result.Succeeded ? RunStatus.Finished : RunStatus.Failed).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return result;
    }

    private ReproResult DryRun(IReadOnlyList<Stage> stages, LockFile lockFile, ReproOptions options)
    {
        var outcomes = new Dictionary<string, StageOutcome>(StringComparer.Ordinal);
        foreach (var stage in stages)
        {
            var upstreamRuns = _pipeline.Graph.Upstream(stage.Name)
                .Where(n => outcomes.TryGetValue(n, out var o) && o.Result is StageResult.WouldRun or StageResult.WouldRestore)
                .ToList();
            if (stage.Frozen)
            {
                outcomes[stage.Name] = Frozen(stage, lockFile.Stages.GetValueOrDefault(stage.Name));
                continue;
            }

            var inputs = _changes.Inputs(stage);
            var reasons = options.Force
                ? ["forced (--force)"]
                : _changes.Reasons(stage, lockFile.Stages.GetValueOrDefault(stage.Name), inputs).ToList();
            reasons.AddRange(upstreamRuns.Select(n => $"upstream stage '{n}' will run"));
            var result = reasons.Count == 0 ? StageResult.UpToDate
                : !options.Force && stage.UsesRunCache && upstreamRuns.Count == 0 && inputs.MissingDeps.Count == 0 && _runCache.Find(StageFingerprint.Of(stage, inputs)) is not null ? StageResult.WouldRestore
                : StageResult.WouldRun;
            outcomes[stage.Name] = new StageOutcome(stage.Name, result, reasons);
        }

        return new ReproResult([.. stages.Select(s => outcomes[s.Name])], null);
    }

    /// <summary>
    /// A frozen stage never runs: it counts as done when its lock entry and outputs are there (changed inputs are only
    /// reported), and fails, saying what to do, when it never ran or an output is missing.
    /// </summary>
    private StageOutcome Frozen(Stage stage, StageLock? locked)
    {
        if (locked is null)
        {
            return new StageOutcome(stage.Name, StageResult.Failed, [], $"it is frozen but has never run (no entry in ariadne.lock); remove 'frozen: true' from stage '{stage.Name}' to run it once");
        }

        if (stage.AllOutputs.FirstOrDefault(o => !Path.Exists(_hasher.Full(o.Path))) is { } missing)
        {
            return new StageOutcome(stage.Name, StageResult.Failed, [], $"it is frozen and its output '{missing.Path}' is missing; restore it (git checkout, or 'ariadne repro' after removing 'frozen: true')");
        }

        IReadOnlyList<string> changes;
        try
        {
            changes = _changes.Reasons(stage, locked, _changes.Inputs(stage)).Where(r => !r.StartsWith("it is always_changed", StringComparison.Ordinal)).ToList();
        }
        catch (AriadneException e)
        {
            changes = [e.Message];
        }

        return new StageOutcome(stage.Name, StageResult.Frozen, changes);
    }

    private void Say(string message)
    {
        lock (_logGate)
        {
            _log.WriteLine(message);
            _log.Flush();
        }
    }

    /// <summary>The state of one repro while stages run.</summary>
    private sealed class Execution(PipelineRunner runner, LockFile lockFile, ReproOptions options, PipelineTracking? tracking)
    {
        private readonly SemaphoreSlim _slots = new(options.Jobs, options.Jobs);
        private volatile bool _stopped;

        public async Task<StageOutcome> StageAsync(Stage stage, IReadOnlyList<(string Name, Task<StageOutcome> Task)> upstream, CancellationToken cancellationToken)
        {
            await Task.WhenAll(upstream.Select(u => u.Task)).ConfigureAwait(false);
            if (upstream.FirstOrDefault(u => u.Task.Result.Result is StageResult.Failed or StageResult.Skipped) is { Name: { } blocked })
            {
                return new StageOutcome(stage.Name, StageResult.Skipped, [], $"upstream stage '{blocked}' did not finish");
            }

            await _slots.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return new StageOutcome(stage.Name, StageResult.Skipped, [], "interrupted");
                }

                if (_stopped)
                {
                    return new StageOutcome(stage.Name, StageResult.Skipped, [], "an earlier stage failed (--keep-going runs the stages that do not depend on it)");
                }

                var outcome = await Task.Run(() => BringUpToDateAsync(stage, cancellationToken), CancellationToken.None).ConfigureAwait(false);
                if (outcome.Result == StageResult.Failed && !options.KeepGoing)
                {
                    _stopped = true;
                }

                return outcome;
            }
            finally
            {
                _slots.Release();
            }
        }

        private async Task<StageOutcome> BringUpToDateAsync(Stage stage, CancellationToken cancellationToken)
        {
            if (stage.Frozen)
            {
                var frozen = runner.Frozen(stage, Locked(stage));
                runner.Say(frozen.Result == StageResult.Failed
                    ? $"Stage '{stage.Name}' failed: {frozen.Error}."
                    : frozen.Reasons.Count == 0 ? $"Stage '{stage.Name}' is frozen." : $"Stage '{stage.Name}' is frozen, so it did not run ({string.Join("; ", frozen.Reasons)}).");
                return frozen;
            }

            StageInputs inputs;
            IReadOnlyList<string> reasons;
            try
            {
                inputs = runner._changes.Inputs(stage);
                reasons = options.Force ? ["forced (--force)"] : runner._changes.Reasons(stage, Locked(stage), inputs);
            }
            catch (AriadneException e)
            {
                runner.Say($"Stage '{stage.Name}' failed: {e.Message}");
                return new StageOutcome(stage.Name, StageResult.Failed, [], e.Message);
            }

            if (reasons.Count == 0)
            {
                runner.Say($"Stage '{stage.Name}' is up to date.");
                return new StageOutcome(stage.Name, StageResult.UpToDate, []);
            }

            if (inputs.MissingDeps.Count > 0)
            {
                var error = $"dependency '{inputs.MissingDeps[0]}' is missing; create it, or run the stage that writes it";
                runner.Say($"Stage '{stage.Name}' failed: {error}");
                return new StageOutcome(stage.Name, StageResult.Failed, reasons, error);
            }

            var fingerprint = StageFingerprint.Of(stage, inputs);
            if (!options.Force && stage.UsesRunCache && runner._runCache.Find(fingerprint) is { } cached
                && runner._runCache.Restore(cached, path => stage.Metrics.Concat(stage.Plots).Any(p => p.Path == path)))
            {
                foreach (var output in stage.Outs)
                {
                    GitIgnore.Ensure(Path.GetDirectoryName(runner._hasher.Full(output.Path))!, Path.GetFileName(output.Path));
                }

                UpdateLock(stage, inputs, cached);
                string? restoredRun = null;
                if (tracking is not null)
                {
                    var run = await tracking.StartStageAsync(stage, inputs, restored: true, cancellationToken, reasons).ConfigureAwait(false);
                    restoredRun = run.RunId;
                    await tracking.FinishStageAsync(run, stage, cached, null, RunStatus.Finished).ConfigureAwait(false);
                }

                runner.Say($"Stage '{stage.Name}' restored from the run cache ({string.Join("; ", reasons)}).");
                return new StageOutcome(stage.Name, StageResult.Restored, reasons, RunId: restoredRun);
            }

            if (options.RestoreOnly)
            {
                // exp apply: outputs come from the run cache or not at all.
                var error = stage.UsesRunCache
                    ? "its outputs for these inputs are not in the run cache (the experiment did not make them, or 'ariadne gc' removed them); run 'ariadne repro' to make them"
                    : "it is always_changed or has persist or cache: false outputs, so the run cache does not keep it; run 'ariadne repro' to make them";
                runner.Say($"Stage '{stage.Name}' not restored: {error}.");
                return new StageOutcome(stage.Name, StageResult.Failed, reasons, error);
            }

            return await RunAsync(stage, inputs, reasons, fingerprint, cancellationToken).ConfigureAwait(false);
        }

        private async Task<StageOutcome> RunAsync(Stage stage, StageInputs inputs, IReadOnlyList<string> reasons, Content.ContentHash fingerprint, CancellationToken cancellationToken)
        {
            runner.Say($"Running stage '{stage.Name}' ({string.Join("; ", reasons)}):");
            Processes.TrackedCommand? run = null;
            var environment = new Dictionary<string, string>(options.Environment ?? new Dictionary<string, string>(), StringComparer.Ordinal);
            if (tracking is not null)
            {
                run = await tracking.StartStageAsync(stage, inputs, restored: false, cancellationToken, reasons).ConfigureAwait(false);
                foreach (var (key, value) in run.Environment)
                {
                    environment[key] = value;
                }
            }

            CommandOutcome? outcome = null;
            string? error = null;
            try
            {
                for (var attempt = 0; ; attempt++)
                {
                    foreach (var output in stage.AllOutputs)
                    {
                        var full = runner._hasher.Full(output.Path);
                        if (stage.IsPersisted(output))
                        {
                            // Kept between runs; a copy the command may change, never a link into the cache.
                            OutputPaths.MakeEditable(full);
                        }
                        else
                        {
                            OutputPaths.Remove(full);
                        }

                        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                    }

                    foreach (var command in stage.Commands)
                    {
                        runner.Say(options.Jobs > 1 ? $"[{stage.Name}] > {command}" : $"> {command}");
                    }

                    outcome = await runner._executor.RunAsync(stage, runner._workspace.Root, environment, line => runner.Say(options.Jobs > 1 ? $"[{stage.Name}] {line}" : line), cancellationToken).ConfigureAwait(false);
                    if (outcome.Succeeded || attempt >= stage.Retries.Count)
                    {
                        break;
                    }

                    var delay = stage.Retries.DelayBefore(attempt + 1);
                    runner.Say($"Stage '{stage.Name}' {Describe(outcome)}; retry {attempt + 1} of {stage.Retries.Count} in {delay.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s.");
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                }

                if (!outcome.Succeeded)
                {
                    error = Describe(outcome);
                }
                else if (stage.AllOutputs.FirstOrDefault(o => !Path.Exists(runner._hasher.Full(o.Path))) is { } missing)
                {
                    error = $"its commands succeeded but did not write the output '{missing.Path}'";
                }
                else
                {
                    error = UnreadableMetrics(stage);
                }
            }
            catch (OperationCanceledException)
            {
                error = "interrupted";
            }

            if (error == "interrupted")
            {
                // What an interrupted command wrote is half-written: remove it before anything else, so Ctrl-C leaves
                // the outputs as they are before a stage runs (removed), never a partial file.
                runner.Say(RemovePartialOutputs(stage)
                    ? $"Stage '{stage.Name}' interrupted: its partial outputs were removed and ariadne.lock keeps its last successful run."
                    : $"Stage '{stage.Name}' interrupted: some of its partial outputs could not be removed (see above); the next 'ariadne repro' replaces them. ariadne.lock keeps its last successful run.");
            }
            else if (error is not null)
            {
                runner.Say($"Stage '{stage.Name}' failed: {error}. Its outputs were not stored and ariadne.lock keeps its last successful run.");
            }

            if (error is not null)
            {
                if (run is not null && tracking is not null)
                {
                    await tracking.FinishStageAsync(run, stage, null, outcome, error == "interrupted" ? RunStatus.Killed : RunStatus.Failed).ConfigureAwait(false);
                }

                return new StageOutcome(stage.Name, StageResult.Failed, reasons, error, run?.RunId);
            }

            var outputs = StoreOutputs(stage);
            if (stage.UsesRunCache)
            {
                runner._runCache.Save(fingerprint, outputs);
            }

            UpdateLock(stage, inputs, outputs);
            if (run is not null && tracking is not null)
            {
                await tracking.FinishStageAsync(run, stage, outputs, outcome, RunStatus.Finished).ConfigureAwait(false);
            }

            runner.Say($"Stage '{stage.Name}' finished.");
            return new StageOutcome(stage.Name, StageResult.Ran, reasons, RunId: run?.RunId);
        }

        /// <summary>Why a metrics file the stage wrote cannot be read (so the stage fails and is not locked); null when all can.</summary>
        private string? UnreadableMetrics(Stage stage)
        {
            foreach (var metrics in stage.Metrics)
            {
                try
                {
                    MetricsFile.Parse(File.ReadAllText(runner._hasher.Full(metrics.Path)), metrics.Path);
                }
                catch (AriadneException e)
                {
                    return "m" + e.Message[1..].TrimEnd('.');
                }
            }

            return null;
        }

        private bool RemovePartialOutputs(Stage stage)
        {
            var removed = true;
            foreach (var output in stage.AllOutputs.Where(o => !stage.IsPersisted(o)))
            {
                try
                {
                    OutputPaths.Remove(runner._hasher.Full(output.Path));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    runner.Say($"Could not remove the partial output '{output.Path}' of stage '{stage.Name}': {e.Message}");
                    removed = false;
                }
            }

            return removed;
        }

        private List<LockedPath> StoreOutputs(Stage stage) => StageOutputs.Store(runner._workspace, runner._hasher, stage);

        private StageLock? Locked(Stage stage)
        {
            lock (runner._lockGate)
            {
                return lockFile.Stages.GetValueOrDefault(stage.Name);
            }
        }

        private void UpdateLock(Stage stage, StageInputs inputs, IReadOnlyList<LockedPath> outputs)
        {
            var entry = new StageLock(stage.Commands, stage.WorkingDirectory, stage.Environment, inputs.Deps, inputs.Params, outputs);
            lock (runner._lockGate)
            {
                lockFile.Set(stage.Name, entry);
                lockFile.Save(runner.LockPath);
            }
        }

        private static string Describe(CommandOutcome outcome) =>
            outcome.Problem is { } problem ? problem
            : outcome.TimedOut ? $"ran out of time in '{outcome.Command}' (timeout)"
            : $"'{outcome.Command}' exited with code {outcome.ExitCode}";
    }
}
