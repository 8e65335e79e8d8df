using Ariadne.Content;

namespace Ariadne.Workspace;

/// <summary>
/// <c>ariadne gc</c>: removes cache objects no pointer refers to: those of the workspace, and with
/// <c>allCommits</c> those of every git commit too. The outputs recorded in the pipeline's <c>ariadne.lock</c> count as
/// referenced. Manifests that are referenced keep their files alive, and sealed pointers (in the workspace or in a kept
/// folder) keep the sealed parts they name.
/// </summary>
internal sealed class GarbageCollection(DataWorkspace workspace)
{
    public GcResult Collect(bool allCommits, bool dryRun)
    {
        using var held = workspace.Lock();
        var keep = new HashSet<ContentHash>();
        foreach (var pointerFile in workspace.FindPointerFiles())
        {
            Keep(keep, workspace.ReadOutput(pointerFile).Pointer);
        }

        foreach (var output in Pipelines.LockFile.Load(Pipelines.LockFile.PathIn(workspace.Root)).Stages.Values.SelectMany(s => s.Outs))
        {
            Keep(keep, output.Hash, output.Kind);
        }

        // Sealed parts are cache objects that only their pointers name; those inside tracked folders are kept below.
        keep.UnionWith(SealedObjects.OnDisk(workspace));

        if (allCommits)
        {
            if (workspace.GitRoot is null)
            {
                throw AriadneException.InvalidArgument("--all-commits needs a git repository, and this workspace is not in one. Run 'ariadne gc' without it.");
            }

            foreach (var (path, text) in new GitRepository(workspace.Root).PointerFilesInAllCommits())
            {
                Keep(keep, PointerFile.Parse(text, path));
            }
        }

        var removed = new List<ContentHash>();
        long bytes = 0;
        var kept = 0;
        foreach (var hash in workspace.Cache.EnumerateObjects())
        {
            if (keep.Contains(hash))
            {
                kept++;
                continue;
            }

            removed.Add(hash);
            bytes += new FileInfo(workspace.Cache.PathOf(hash)).Length;
        }

        if (!dryRun && removed.Count > 0)
        {
            workspace.Cache.Remove(removed);
        }

        removed.Sort();
        return new GcResult(kept, removed, bytes, dryRun);
    }

    private void Keep(HashSet<ContentHash> keep, PointerFile pointer) => Keep(keep, pointer.Hash, pointer.Kind);

    private void Keep(HashSet<ContentHash> keep, ContentHash hash, PointerKind kind)
    {
        keep.Add(hash);
        if (kind == PointerKind.Folder && workspace.Cache.Contains(hash))
        {
            var entries = FolderManifest.Load(workspace.Cache, hash).Entries;
            keep.UnionWith(entries.Select(e => e.Hash));
            keep.UnionWith(SealedObjects.InFolder(workspace.Cache, entries));
        }
    }
}
