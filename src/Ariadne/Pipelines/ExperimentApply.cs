using Ariadne.Tracking;
using Ariadne.Workspace;

namespace Ariadne.Pipelines;

/// <summary>
/// <c>ariadne exp apply</c>: brings a tracked experiment into the workspace. Its params (the overrides it ran with) are
/// written into the params files, and the outputs it produced come back from the run cache, stage by stage in
/// dependency order (verified by hash on the way out, as <c>repro</c> restores them), with <c>ariadne.lock</c> updated,
/// so <c>repro</c> then finds everything up to date. Nothing runs. Refuses, before changing anything, when a file it
/// would overwrite has changes git has not committed, or an output differs from <c>ariadne.lock</c>, unless forced.
/// Stages the experiment left out because they read a sealed test set are left out here too, so a sealed part is
/// never brought into the workspace by an experiment.
/// </summary>
internal sealed class ExperimentApply(DataWorkspace workspace, TextWriter log)
{
    public async Task<ExperimentApplyResult> ApplyAsync(Run experiment, bool force, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        var id = experiment.Info.RunId;
        if (!ExperimentTable.IsExperiment(experiment))
        {
            throw AriadneException.InvalidArgument($"Run {id} is not an experiment (made by 'ariadne exp run' or a sweep's trial); 'ariadne exp show' lists them.");
        }

        if (experiment.Info.Status != RunStatus.Finished)
        {
            throw AriadneException.InvalidArgument($"Experiment {id} did not finish (status {experiment.Info.Status.ToString().ToLowerInvariant()}), so its outputs are incomplete; apply one that finished ('ariadne exp show' has the status).");
        }

        var overrides = experiment.Params.Select(p => ParamOverride.Parse($"{p.Key}={p.Value}")).ToList();
        ParamOverride.Validate(workspace.Root, overrides.Select(o => (o.File, o.Key)));
        var pipeline = PipelineFile.Load(workspace.Root);
        var leftOut = experiment.Tags.Where(t => t.Key == ExperimentRunner.LeftOutTag).SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        var kept = pipeline.Stages.Where(s => !leftOut.Contains(s.Name, StringComparer.Ordinal)).Select(s => s.Name).ToList();

        using (workspace.Lock())
        {
            if (!force && Uncommitted(pipeline, overrides) is { Count: > 0 } changed)
            {
                throw AriadneException.InvalidArgument($"'exp apply' would overwrite changes not committed to git or recorded in {LockFile.FileName}: {string.Join(", ", changed)}. Commit them (or 'git stash' them), or pass --force to overwrite them.");
            }

            ParamOverride.Apply(workspace.Root, overrides);
        }

        // The workspace lock is taken again by the runner: restore only, never run.
        var runner = new PipelineRunner(workspace, PipelineFile.Load(workspace.Root), log);
        var repro = await runner.RunAsync(new ReproOptions(leftOut.Length == 0 ? [] : kept, RestoreOnly: true), cancellationToken).ConfigureAwait(false);
        return new ExperimentApplyResult(id, overrides, repro, [.. leftOut]);
    }

    /// <summary>What applying would overwrite: params files and git-kept outputs git reports changed, and outputs that differ from the lock file.</summary>
    private List<string> Uncommitted(PipelineFile pipeline, IReadOnlyList<ParamOverride> overrides)
    {
        var changed = new List<string>();
        var gitFiles = overrides.Select(o => o.File)
            .Append(LockFile.FileName)
            .Concat(pipeline.Stages.SelectMany(s => s.AllOutputs.Where(o => s.IsGitFile(o) || !s.IsCached(o))).Select(o => o.Path))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (workspace.GitRoot is not null)
        {
            changed.AddRange(new GitRepository(workspace.Root).Uncommitted(gitFiles));
        }

        var locked = LockFile.Load(LockFile.PathIn(workspace.Root));
        var hasher = new PathHasher(workspace);
        foreach (var stage in pipeline.Stages)
        {
            var outs = locked.Stages.GetValueOrDefault(stage.Name)?.Outs.ToDictionary(o => o.Path, StringComparer.Ordinal) ?? [];
            foreach (var output in stage.Outs.Where(stage.IsCached))
            {
                var now = hasher.Current(output.Path);
                if (now is not null && (!outs.TryGetValue(output.Path, out var before) || before.Hash != now.Hash))
                {
                    changed.Add($"{output.Path} (differs from {LockFile.FileName})");
                }
            }
        }

        return changed;
    }
}
