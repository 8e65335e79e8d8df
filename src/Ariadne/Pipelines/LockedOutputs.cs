using Ariadne.Workspace;

namespace Ariadne.Pipelines;

/// <summary>
/// The stage outputs <c>ariadne.lock</c> records that live in the content cache (<c>outs</c> not marked
/// <c>cache: false</c>), as tracked paths whose record is the lock file: <c>push</c> sends their objects and
/// <c>ariadne check</c> asks the remote for them. Metrics and plots files stay in git, so they are not among them.
/// </summary>
internal static class LockedOutputs
{
    public static IReadOnlyList<TrackedOutput> Cached(DataWorkspace workspace)
    {
        var lockPath = LockFile.PathIn(workspace.Root);
        if (!File.Exists(lockPath) || !File.Exists(PipelineFile.PathIn(workspace.Root)))
        {
            return [];
        }

        var pipeline = PipelineFile.Load(workspace.Root);
        var result = new List<TrackedOutput>();
        foreach (var (name, entry) in LockFile.Load(lockPath).Stages)
        {
            var stage = pipeline.Stages.FirstOrDefault(s => s.Name == name);
            if (stage is null)
            {
                continue;
            }

            foreach (var locked in entry.Outs)
            {
                var output = stage.Outs.FirstOrDefault(o => o.Path == locked.Path);
                if (output is null || !stage.IsCached(output) || stage.IsGitFile(output))
                {
                    continue;
                }

                var full = Path.GetFullPath(Path.Combine(workspace.Root, locked.Path));
                var pointer = new PointerFile(Path.GetFileName(full), locked.Kind, locked.Hash, locked.Size, locked.Files);
                result.Add(new TrackedOutput(lockPath, full, workspace.Relative(full), pointer));
            }
        }

        return [.. result.DistinctBy(o => o.RelativePath, StringComparer.Ordinal)];
    }
}
