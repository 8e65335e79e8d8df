using Ariadne.Workspace;

namespace Ariadne.Pipelines;

/// <summary>
/// Stores what a stage wrote, as <c>repro</c> does after a successful run and <c>ariadne commit</c> does without
/// running: outs go into the content cache (linked back, git-ignored), metrics and plots files stay writable in git
/// with a copy in the cache for the run cache; <c>cache: false</c> outputs are recorded by hash only. Returns the outputs as the lock file records them.
/// </summary>
internal static class StageOutputs
{
    public static List<LockedPath> Store(DataWorkspace workspace, PathHasher hasher, Stage stage)
    {
        var tracker = new DataTracker(workspace);
        var outputs = new List<LockedPath>();
        foreach (var output in stage.AllOutputs)
        {
            var full = hasher.Full(output.Path);
            if (!stage.IsCached(output))
            {
                // cache: false: recorded by hash only; the file stays as the command wrote it, for git to keep.
                outputs.Add(hasher.Current(output.Path)!);
                continue;
            }

            if (stage.IsGitFile(output) && File.Exists(full))
            {
                // Metrics and plots stay writable in git; the cache keeps a copy for the run cache.
                var (hash, size) = workspace.Cache.StoreCopy(full);
                var state = hasher.Current(output.Path);
                outputs.Add(state is not null && state.Hash == hash ? state : new LockedPath(output.Path, PointerKind.File, hash, size, 1));
                continue;
            }

            var stored = tracker.Store(full);
            outputs.Add(new LockedPath(output.Path, stored.Kind, stored.Hash, stored.Size, stored.Files));
            if (!stage.IsGitFile(output))
            {
                GitIgnore.Ensure(Path.GetDirectoryName(full)!, Path.GetFileName(full));
            }
        }

        return outputs;
    }
}
