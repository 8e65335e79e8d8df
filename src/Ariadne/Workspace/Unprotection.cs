using Ariadne.Content;

namespace Ariadne.Workspace;

/// <summary>
/// <c>ariadne unprotect PATH</c>: turns every file of a tracked path that is a hard link into the cache into an
/// independent, writable copy (as DVC's <c>unprotect</c>), so editing it in place cannot change the cache. Files that
/// are already copies or reflinks are only made writable. Each file is replaced by one rename.
/// </summary>
internal sealed class Unprotection(DataWorkspace workspace)
{
    public UnprotectResult Unprotect(IReadOnlyCollection<string> targets)
    {
        if (targets.Count == 0)
        {
            throw AriadneException.InvalidArgument("Name the tracked files or folders to make editable, e.g. 'ariadne unprotect data/'.");
        }

        using var held = workspace.Lock();
        var copied = 0;
        var editable = 0;
        foreach (var output in workspace.SelectPointerFiles(targets).Select(workspace.ReadOutput))
        {
            IReadOnlyList<ManifestEntry> entries = output.Pointer.Kind == PointerKind.Folder
                ? workspace.Cache.Contains(output.Pointer.Hash) ? FolderManifest.Load(workspace.Cache, output.Pointer.Hash).Entries : []
                : [new ManifestEntry("", output.Pointer.Hash, output.Pointer.Size)];
            var statCache = StatCache.Load(StatCache.FileFor(workspace.StateFolder, output.RelativePath));
            foreach (var entry in entries)
            {
                var file = entry.Path.Length == 0 ? output.DataPath : Path.Combine(output.DataPath, entry.Path.Replace('/', Path.DirectorySeparatorChar));
                if (!File.Exists(file))
                {
                    continue;
                }

                if (!workspace.Cache.IsLinkedTo(file, entry.Hash))
                {
                    FileModes.MakeWritable(file);
                    editable++;
                    continue;
                }

                // Copy what the file holds now (even if an edit already reached the cache): the user's bytes stay theirs.
                var temp = workspace.Cache.NewTempPath();
                var hash = ContentHasher.CopyAndHash(file, temp);
                FileModes.MakeWritable(temp);
                File.Move(temp, file, overwrite: true);
                if (NativeFileSystem.Stat(file) is { } stat)
                {
                    statCache.Set(entry.Path, stat, hash);
                }

                copied++;
            }

            statCache.Save();
        }

        return new UnprotectResult(copied, editable);
    }
}
