using Ariadne.Content;

namespace Ariadne.Workspace;

/// <summary><c>ariadne status</c>: compares every tracked path with its pointer file, reading only changed files.</summary>
internal sealed class WorkspaceStatus(DataWorkspace workspace, IProgressReporter? progress = null)
{
    private readonly IProgressReporter _progress = progress ?? NoProgress.Instance;

    public IReadOnlyList<OutputStatus> Check(IReadOnlyCollection<string>? targets = null) =>
        [.. workspace.SelectPointerFiles(targets ?? []).Select(p => Check(workspace.ReadOutput(p)))];

    public OutputStatus Check(TrackedOutput output)
    {
        var pointer = output.Pointer;
        var pointerRelative = workspace.Relative(output.PointerPath);
        var exists = pointer.Kind == PointerKind.Folder ? Directory.Exists(output.DataPath) : File.Exists(output.DataPath);
        if (!exists && !Path.Exists(output.DataPath))
        {
            return new OutputStatus(output.RelativePath, pointerRelative, pointer.Kind, OutputState.Missing, CountMissing(pointer, LoadManifest(pointer)), [], [], []);
        }

        var files = new OutputScanner(workspace, _progress).Scan(output.DataPath, output.RelativePath, out var statCache);
        var current = CurrentHash(output, files, statCache);

        // Presence of every object is remembered per pointer until an object leaves the cache (gc, remove).
        FolderManifest? manifest = null;
        var missingObjects = 0;
        var generation = workspace.Cache.Generation;
        if (!statCache.IsVerified(pointer.Hash, generation))
        {
            manifest = LoadManifest(pointer);
            missingObjects = CountMissing(pointer, manifest);
            if (missingObjects == 0)
            {
                statCache.RecordVerified(pointer.Hash, generation);
            }
        }

        statCache.Save();
        if (current == pointer.Hash)
        {
            return new OutputStatus(output.RelativePath, pointerRelative, pointer.Kind, OutputState.Unchanged, missingObjects, [], [], []);
        }

        if (pointer.Kind == PointerKind.File || !exists)
        {
            List<string> changed = pointer.Kind == PointerKind.File && workspace.Cache.IsLinkedTo(output.DataPath, pointer.Hash)
                ? [$"{output.RelativePath} (object {pointer.Hash.Hex})"]
                : [];
            return new OutputStatus(output.RelativePath, pointerRelative, pointer.Kind, OutputState.Modified, missingObjects, [], [output.RelativePath], []) { ChangedInCache = changed };
        }

        manifest ??= LoadManifest(pointer);
        var (added, modified, deleted) = manifest is null
            ? ([], [], [])
            : Compare(manifest, files);
        var changedInCache = new List<string>();
        if (manifest is not null && modified.Count > 0)
        {
            var recorded = manifest.Entries.ToDictionary(e => e.Path, e => e.Hash, StringComparer.Ordinal);
            var full = files.ToDictionary(f => f.RelativePath, f => f.FullPath, StringComparer.Ordinal);
            changedInCache.AddRange(modified
                .Where(m => workspace.Cache.IsLinkedTo(full[m], recorded[m]))
                .Select(m => $"{output.RelativePath}/{m} (object {recorded[m].Hex})"));
        }

        return new OutputStatus(output.RelativePath, pointerRelative, pointer.Kind, OutputState.Modified, missingObjects, added, modified, deleted) { ChangedInCache = changedInCache };
    }

    /// <summary>
    /// The hash the pointer would have if the path were added now. For a folder whose files all matched the stat
    /// cache, that is the manifest hash recorded with it; otherwise the manifest is rebuilt and the hash recorded.
    /// </summary>
    internal static ContentHash CurrentHash(TrackedOutput output, IReadOnlyList<ScannedFile> files, StatCache statCache)
    {
        if (output.Pointer.Kind == PointerKind.File || File.Exists(output.DataPath))
        {
            return files.Count == 1 && files[0].RelativePath.Length == 0 ? files[0].Hash : default;
        }

        if (statCache.TreeHash is { } known && statCache.Count == files.Count)
        {
            return known;
        }

        var manifest = new FolderManifest([.. files.Select(f => new ManifestEntry(f.RelativePath, f.Hash, f.Stat.Size))]);
        var hash = ContentHasher.HashBytes(manifest.Serialize());
        statCache.RecordTreeHash(hash);
        return hash;
    }

    private FolderManifest? LoadManifest(PointerFile pointer) =>
        pointer.Kind == PointerKind.Folder && workspace.Cache.Contains(pointer.Hash)
            ? FolderManifest.Load(workspace.Cache, pointer.Hash)
            : null;

    internal static (List<string> Added, List<string> Modified, List<string> Deleted) Compare(FolderManifest manifest, IReadOnlyList<ScannedFile> files)
    {
        var added = new List<string>();
        var modified = new List<string>();
        var deleted = new List<string>();
        var recorded = manifest.Entries.ToDictionary(e => e.Path, StringComparer.Ordinal);
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            present.Add(file.RelativePath);
            if (!recorded.TryGetValue(file.RelativePath, out var entry))
            {
                added.Add(file.RelativePath);
            }
            else if (entry.Hash != file.Hash || entry.Size != file.Stat.Size)
            {
                modified.Add(file.RelativePath);
            }
        }

        deleted.AddRange(manifest.Entries.Where(e => !present.Contains(e.Path)).Select(e => e.Path));
        return (added, modified, deleted);
    }

    private int CountMissing(PointerFile pointer, FolderManifest? manifest)
    {
        if (!workspace.Cache.Contains(pointer.Hash))
        {
            return pointer.Kind == PointerKind.Folder ? (int)Math.Max(1, pointer.Files + 1) : 1;
        }

        if (manifest is null)
        {
            return 0;
        }

        var missing = 0;
        ParallelWork.ForEach(manifest.Entries.Select(e => e.Hash).Distinct(), hash =>
        {
            if (!workspace.Cache.Contains(hash))
            {
                Interlocked.Increment(ref missing);
            }
        });
        return missing;
    }
}
