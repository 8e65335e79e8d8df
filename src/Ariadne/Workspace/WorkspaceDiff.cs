using Ariadne.Content;

namespace Ariadne.Workspace;

/// <summary>
/// <c>ariadne diff [rev]</c>: tracked files added, modified or deleted in the workspace compared with the pointer files
/// of a git revision (HEAD by default). Folders are compared file by file when both manifests are in the cache.
/// </summary>
internal sealed class WorkspaceDiff(DataWorkspace workspace, IProgressReporter? progress = null)
{
    private readonly IProgressReporter _progress = progress ?? NoProgress.Instance;

    public IReadOnlyList<DiffEntry> Against(string revision = "HEAD")
    {
        if (workspace.GitRoot is null)
        {
            throw AriadneException.InvalidArgument("'ariadne diff' compares with a git revision, but this workspace is not inside a git repository. Run 'git init' and commit the pointer files first.");
        }

        var old = new Dictionary<string, ContentHash>(StringComparer.Ordinal);
        foreach (var (pointerPath, text) in new GitRepository(workspace.Root).PointerFilesAt(revision))
        {
            var pointer = PointerFile.Parse(text, $"{revision}:{pointerPath}");
            var folder = Path.GetDirectoryName(pointerPath)!.Replace('\\', '/');
            var dataPath = folder.Length == 0 ? pointer.Path : folder + "/" + pointer.Path;
            Expand(old, dataPath, pointer.Kind, pointer.Hash);
        }

        var now = new Dictionary<string, ContentHash>(StringComparer.Ordinal);
        foreach (var pointerFile in workspace.FindPointerFiles())
        {
            var output = workspace.ReadOutput(pointerFile);
            if (!Path.Exists(output.DataPath))
            {
                // Data not checked out: the pointer is the best statement of what the workspace holds.
                Expand(now, output.RelativePath, output.Pointer.Kind, output.Pointer.Hash);
                continue;
            }

            var files = new OutputScanner(workspace, _progress).Scan(output.DataPath, output.RelativePath, out var statCache);
            statCache.Save();
            foreach (var file in files)
            {
                now[file.RelativePath.Length == 0 ? output.RelativePath : output.RelativePath + "/" + file.RelativePath] = file.Hash;
            }
        }

        var result = new List<DiffEntry>();
        foreach (var (path, hash) in now)
        {
            if (!old.TryGetValue(path, out var before))
            {
                result.Add(new DiffEntry(path, DiffChange.Added, null, hash));
            }
            else if (before != hash)
            {
                result.Add(new DiffEntry(path, DiffChange.Modified, before, hash));
            }
        }

        result.AddRange(old.Where(kv => !now.ContainsKey(kv.Key)).Select(kv => new DiffEntry(kv.Key, DiffChange.Deleted, kv.Value, null)));
        result.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return result;
    }

    /// <summary>Adds one tracked path's files; a folder whose manifest is not in the cache counts as one entry.</summary>
    private void Expand(Dictionary<string, ContentHash> into, string dataPath, PointerKind kind, ContentHash hash)
    {
        if (kind == PointerKind.File || !workspace.Cache.Contains(hash))
        {
            into[dataPath] = hash;
            return;
        }

        foreach (var entry in FolderManifest.Load(workspace.Cache, hash).Entries)
        {
            into[dataPath + "/" + entry.Path] = entry.Hash;
        }
    }
}
