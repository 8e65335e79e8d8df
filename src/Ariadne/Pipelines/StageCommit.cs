using Ariadne.Workspace;

namespace Ariadne.Pipelines;

/// <summary>
/// <c>ariadne commit [STAGE...]</c>: records what the stages' outputs hold now into <c>ariadne.lock</c> without
/// running them (after fixing an output by hand, or running the command yourself), as a run would: dependencies and
/// params hashed, outputs stored in the cache and the run cache. Every named stage is checked before anything is
/// written; a missing dependency or output refuses the whole commit.
/// </summary>
internal sealed class StageCommit(DataWorkspace workspace, PipelineFile pipeline)
{
    public IReadOnlyList<StageCommitResult> Commit(IReadOnlyCollection<string> stageNames)
    {
        var stages = StageSelection.Of(pipeline, stageNames);
        using var held = workspace.Lock();
        var hasher = new PathHasher(workspace);
        var changes = new ChangeDetector(workspace, hasher);
        var lockPath = LockFile.PathIn(workspace.Root);
        var lockFile = LockFile.Load(lockPath);
        var plans = new List<(Stage Stage, StageInputs Inputs, IReadOnlyList<string> Reasons)>();
        foreach (var stage in stages)
        {
            var inputs = changes.Inputs(stage);
            if (inputs.MissingDeps.Count > 0)
            {
                throw AriadneException.InvalidArgument($"Stage '{stage.Name}': dependency '{inputs.MissingDeps[0]}' is missing, so there is nothing to record; nothing was committed. Create it (or run the stage that writes it), then commit again.");
            }

            if (stage.AllOutputs.FirstOrDefault(o => !Path.Exists(hasher.Full(o.Path))) is { } missing)
            {
                throw AriadneException.InvalidArgument($"Stage '{stage.Name}': output '{missing.Path}' does not exist, so there is nothing to record; nothing was committed. Write it (or 'ariadne repro {stage.Name}'), then commit again.");
            }

            plans.Add((stage, inputs, changes.Reasons(stage, lockFile.Stages.GetValueOrDefault(stage.Name), inputs)));
        }

        var runCache = new RunCache(workspace);
        var results = new List<StageCommitResult>();
        foreach (var (stage, inputs, reasons) in plans)
        {
            if (reasons.Count == 0)
            {
                results.Add(new StageCommitResult(stage.Name, false, [], lockFile.Stages[stage.Name].Outs));
                continue;
            }

            var outputs = StageOutputs.Store(workspace, hasher, stage);
            runCache.Save(StageFingerprint.Of(stage, inputs), outputs);
            lockFile.Set(stage.Name, new StageLock(stage.Commands, stage.WorkingDirectory, stage.Environment, inputs.Deps, inputs.Params, outputs));
            results.Add(new StageCommitResult(stage.Name, true, reasons, outputs));
        }

        if (results.Any(r => r.Committed))
        {
            lockFile.Save(lockPath);
        }

        return results;
    }
}
