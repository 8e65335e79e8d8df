using System.IO.Enumeration;
using Ariadne.Content;

namespace Ariadne.Workspace;

/// <summary>
/// Finds what a tracked path holds right now and the hash of every file, re-reading only files whose size, mtime or
/// inode changed since they were last hashed (the stat cache). Hashing runs on every core.
/// </summary>
internal sealed class OutputScanner(DataWorkspace workspace, IProgressReporter progress)
{
    /// <summary>Files under <paramref name="dataPath"/> (one entry with an empty relative path for a single file), sorted by path.</summary>
    public IReadOnlyList<ScannedFile> Scan(string dataPath, string outputRelativePath, out StatCache statCache)
    {
        statCache = StatCache.Load(StatCache.FileFor(workspace.StateFolder, outputRelativePath));
        var stat = NativeFileSystem.Stat(dataPath);
        if (stat is null)
        {
            return [];
        }

        List<(string Relative, string Full)> files;
        if (stat.Value.IsDirectory)
        {
            files = ListFolder(dataPath);
        }
        else if (stat.Value.IsRegularFile)
        {
            files = [("", dataPath)];
        }
        else
        {
            throw AriadneException.InvalidArgument($"'{workspace.Relative(dataPath)}' is neither a regular file nor a folder (a device, socket or pipe); Ariadne tracks files and folders only.");
        }

        var result = new ScannedFile[files.Count];
        var toHash = new List<int>();
        var cache = statCache;
        var lockToHash = new Lock();
        ParallelWork.For(files.Count, i =>
        {
            var (relative, full) = files[i];
            var fileStat = NativeFileSystem.Stat(full) ?? throw AriadneException.InvalidArgument($"'{workspace.Relative(full)}' vanished or is a broken symbolic link; remove it or restore its target, then run the command again.");
            if (fileStat.IsDirectory)
            {
                throw AriadneException.InvalidArgument($"'{workspace.Relative(full)}' is a symbolic link to a folder; Ariadne does not follow those (they can loop or leave the workspace). Replace it with the folder's content or track the target folder itself.");
            }

            if (cache.TryGet(relative, fileStat, out var hash))
            {
                result[i] = new ScannedFile(relative, full, fileStat, hash);
            }
            else
            {
                result[i] = new ScannedFile(relative, full, fileStat, default);
                lock (lockToHash)
                {
                    toHash.Add(i);
                }
            }
        });

        if (toHash.Count > 0)
        {
            HashFiles(result, toHash);
            foreach (var i in toHash)
            {
                statCache.Set(result[i].RelativePath, result[i].Stat, result[i].Hash);
            }
        }

        // Every file found its entry and the counts agree: the recorded set is exactly this one.
        if (toHash.Count > 0 || statCache.Count != result.Length)
        {
            statCache.RetainOnly(result.Select(f => f.RelativePath).ToHashSet(StringComparer.Ordinal));
        }
        return result;
    }

    private void HashFiles(ScannedFile[] files, List<int> indexes)
    {
        var total = indexes.Sum(i => files[i].Stat.Size);
        using var task = progress.Start("Hashing", total, ProgressUnit.Bytes);

        // Biggest first, so one large file does not finish alone at the end.
        indexes.Sort((a, b) => files[b].Stat.Size.CompareTo(files[a].Stat.Size));
        ParallelWork.ForEach(indexes, i =>
        {
            var file = files[i];
            var hash = ContentHasher.HashFile(file.FullPath);
            var after = NativeFileSystem.Stat(file.FullPath) ?? file.Stat;
            files[i] = file with { Hash = hash, Stat = after };
            task.Advance(file.Stat.Size);
        });
    }

    private static List<(string Relative, string Full)> ListFolder(string folder)
    {
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            AttributesToSkip = 0,
            IgnoreInaccessible = false,
            ReturnSpecialDirectories = false,
        };
        var prefix = folder.Length + 1;
        var enumerable = new FileSystemEnumerable<(string, string)>(
            folder,
            (ref FileSystemEntry entry) =>
            {
                var full = entry.ToFullPath();
                return (full[prefix..].Replace(Path.DirectorySeparatorChar, '/'), full);
            },
            options)
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory || (entry.Attributes & FileAttributes.ReparsePoint) != 0,
            ShouldRecursePredicate = (ref FileSystemEntry entry) => (entry.Attributes & FileAttributes.ReparsePoint) == 0,
        };
        var list = enumerable.ToList();
        list.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return list;
    }
}
