using Ariadne.Content;
using Ariadne.Workspace;

namespace Ariadne.Pipelines;

/// <summary>
/// The content a path holds now, as the lock file records it. Uses the workspace's stat cache, so a path whose files
/// kept their size, mtime and inode costs one stat per file and no reading; a folder is named by its manifest hash, as
/// <c>ariadne add</c> names it.
/// </summary>
internal sealed class PathHasher(DataWorkspace workspace)
{
    /// <summary>The path's state, or null when nothing is there.</summary>
    public LockedPath? Current(string relative)
    {
        var full = Full(relative);
        var stat = NativeFileSystem.Stat(full);
        if (stat is null)
        {
            return null;
        }

        var files = new OutputScanner(workspace, NoProgress.Instance).Scan(full, relative, out var statCache);
        ContentHash hash;
        PointerKind kind;
        if (stat.Value.IsDirectory)
        {
            kind = PointerKind.Folder;
            if (statCache.TreeHash is { } known && statCache.Count == files.Count)
            {
                hash = known;
            }
            else
            {
                var manifest = new FolderManifest([.. files.Select(f => new ManifestEntry(f.RelativePath, f.Hash, f.Stat.Size))]);
                hash = ContentHasher.HashBytes(manifest.Serialize());
                statCache.RecordTreeHash(hash);
            }
        }
        else
        {
            kind = PointerKind.File;
            hash = files[0].Hash;
        }

        statCache.Save();
        return new LockedPath(relative, kind, hash, files.Sum(f => f.Stat.Size), files.Count);
    }

    public string Full(string relative) => Path.Combine(workspace.Root, relative.Replace('/', Path.DirectorySeparatorChar));
}
