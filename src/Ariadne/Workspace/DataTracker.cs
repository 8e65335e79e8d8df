using Ariadne.Content;

namespace Ariadne.Workspace;

/// <summary>
/// <c>ariadne add</c>: hashes a file or folder, stores new content in the cache, links the workspace back to it,
/// writes the pointer file and git-ignores the data. Adding an unchanged path again changes nothing.
/// </summary>
internal sealed class DataTracker(DataWorkspace workspace, IProgressReporter? progress = null)
{
    private readonly IProgressReporter _progress = progress ?? NoProgress.Instance;

    public IReadOnlyList<AddResult> Add(IReadOnlyCollection<string> paths)
    {
        if (paths.Count == 0)
        {
            throw AriadneException.InvalidArgument("Name at least one file or folder to track, e.g. 'ariadne add data/'.");
        }

        var resolved = paths.Select(Validate).ToList();
        using var held = workspace.Lock();
        return [.. resolved.Select(AddOne)];
    }

    private string Validate(string userPath)
    {
        if (userPath.EndsWith(PointerFile.Extension, StringComparison.Ordinal))
        {
            throw AriadneException.InvalidArgument($"'{userPath}' is a pointer file; pass the data path instead ('{userPath[..^PointerFile.Extension.Length]}').");
        }

        var full = workspace.Resolve(userPath);
        if (NativeFileSystem.Stat(full) is null)
        {
            throw AriadneException.PathNotFound(userPath);
        }

        for (var parent = Path.GetDirectoryName(full); parent is not null && parent.Length > workspace.Root.Length; parent = Path.GetDirectoryName(parent))
        {
            if (File.Exists(parent + PointerFile.Extension))
            {
                throw AriadneException.InvalidArgument($"'{userPath}' is inside '{workspace.Relative(parent)}', which is already tracked as a whole. Run 'ariadne add {workspace.Relative(parent)}' to record the change.");
            }
        }

        return full;
    }

    private AddResult AddOne(string dataPath)
    {
        var relative = workspace.Relative(dataPath);
        var (kind, hash, size, fileCount, newObjects) = Store(dataPath);
        var pointer = new PointerFile(Path.GetFileName(dataPath), kind, hash, size, fileCount);
        var pointerPath = DataWorkspace.PointerPathFor(dataPath);
        var text = pointer.Serialize();
        var changed = !File.Exists(pointerPath) || File.ReadAllText(pointerPath) != text;
        if (changed)
        {
            AtomicFile.WriteAllText(pointerPath, text);
        }

        GitIgnore.Ensure(Path.GetDirectoryName(dataPath)!, Path.GetFileName(dataPath));
        return new AddResult(relative, workspace.Relative(pointerPath), kind, hash, pointer.Size, pointer.Files, changed, newObjects);
    }

    /// <summary>
    /// Hashes a file or folder (reading only what changed since the stat cache saw it), stores new content in the
    /// cache and links the workspace back to it, exactly as <c>ariadne add</c> does, without writing a pointer file.
    /// Pipeline outputs are stored this way. The caller holds the workspace lock.
    /// </summary>
    internal StoredPath Store(string dataPath)
    {
        var relative = workspace.Relative(dataPath);
        var scanner = new OutputScanner(workspace, _progress);
        var files = scanner.Scan(dataPath, relative, out var statCache);
        var isFolder = Directory.Exists(dataPath);
        var nested = files.FirstOrDefault(f => f.RelativePath.EndsWith(PointerFile.Extension, StringComparison.Ordinal));
        if (isFolder && nested.RelativePath is not null)
        {
            throw AriadneException.InvalidArgument($"'{relative}' contains the pointer file '{nested.RelativePath}'. Track either the folder or the paths inside it, not both: remove the inner pointer first.");
        }

        var newObjects = StoreObjects(files, statCache);
        ContentHash hash;
        var kind = isFolder ? PointerKind.Folder : PointerKind.File;
        if (isFolder)
        {
            var manifest = new FolderManifest([.. files.Select(f => new ManifestEntry(f.RelativePath, f.Hash, f.Stat.Size))]);
            var bytes = manifest.Serialize();
            if (!workspace.Cache.Contains(ContentHasher.HashBytes(bytes)))
            {
                newObjects++;
            }

            hash = workspace.Cache.StoreBytes(bytes);
            statCache.RecordTreeHash(hash);
        }
        else
        {
            hash = files[0].Hash;
        }

        statCache.RecordVerified(hash, workspace.Cache.Generation);
        statCache.Save();
        return new StoredPath(kind, hash, files.Sum(f => f.Stat.Size), files.Count, newObjects);
    }

    private int StoreObjects(IReadOnlyList<ScannedFile> files, StatCache statCache)
    {
        var cache = workspace.Cache;
        var linked = cache.EffectiveLinkKind == LinkKind.Hardlink;
        var needed = new bool[files.Count];

        // One stat of the object per file says both whether it is stored and whether the workspace file is that object.
        ParallelWork.For(files.Count, i =>
        {
            var objectStat = NativeFileSystem.Stat(cache.PathOf(files[i].Hash));
            needed[i] = objectStat is null || (linked && objectStat.Value.Inode != files[i].Stat.Inode);
        });
        var pending = files.Where((_, i) => needed[i]).ToList();

        if (pending.Count == 0)
        {
            return 0;
        }

        var stored = 0;
        using var task = _progress.Start("Storing", pending.Count, ProgressUnit.Items);
        var gate = new Lock();

        // Files with the same content must go one after another: the first stores, the rest link to it.
        var groups = pending.GroupBy(f => f.Hash).ToList();
        ParallelWork.ForEach(groups, group =>
        {
            foreach (var file in group)
            {
                var existed = cache.Contains(file.Hash);
                cache.StoreFromWorkspace(file.FullPath, file.Hash);
                var after = NativeFileSystem.Stat(file.FullPath) ?? file.Stat;
                lock (gate)
                {
                    statCache.Set(file.RelativePath, after, file.Hash);
                    if (!existed)
                    {
                        stored++;
                    }
                }

                task.Advance(1);
            }
        });

        return stored;
    }
}
