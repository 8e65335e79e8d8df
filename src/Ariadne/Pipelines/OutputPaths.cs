using Ariadne.Content;

namespace Ariadne.Pipelines;

/// <summary>
/// Prepares a stage's outputs before it runs: removes them, so a command never sees (or appends to) a stale or
/// read-only output, or, for <c>persist: true</c>, turns them into writable copies the command may change.
/// </summary>
internal static class OutputPaths
{
    /// <summary>
    /// Replaces every file of <paramref name="full"/> that is a link (a hard link or symbolic link into the cache, or a
    /// read-only file) by a writable copy, and makes its folders writable, so a command that updates a persisted output
    /// never changes a cached object.
    /// </summary>
    public static void MakeEditable(string full)
    {
        if (Directory.Exists(full) && (new FileInfo(full).Attributes & FileAttributes.ReparsePoint) == 0)
        {
            MakeFolderWritable(full);
            foreach (var folder in Directory.EnumerateDirectories(full, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }))
            {
                MakeFolderWritable(folder);
            }

            foreach (var file in Directory.EnumerateFiles(full, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
            {
                CopyInPlace(file);
            }
        }
        else if (File.Exists(full))
        {
            CopyInPlace(full);
        }
    }

    private static void CopyInPlace(string file)
    {
        var info = new FileInfo(file);
        // Hard links into the cache are read-only; symbolic links point into it.
        var shared = info.LinkTarget is not null || info.IsReadOnly || (!OperatingSystem.IsWindows() && (info.UnixFileMode & UnixFileMode.UserWrite) == 0);
        if (!shared)
        {
            return;
        }

        var temp = file + ".ariadne-copy";
        File.Copy(file, temp, overwrite: true);
        FileModes.MakeWritable(temp);
        File.Move(temp, file, overwrite: true);
    }

    private static void MakeFolderWritable(string folder)
    {
        if (!OperatingSystem.IsWindows())
        {
            var info = new DirectoryInfo(folder);
            info.UnixFileMode |= UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        }
    }

    public static void Remove(string full)
    {
        var info = new FileInfo(full);
        if (Directory.Exists(full) && (info.Attributes & FileAttributes.ReparsePoint) == 0)
        {
            // Deleting a read-only (linked) file needs write permission on its folder only.
            Directory.Delete(full, recursive: true);
        }
        else if (Path.Exists(full) || info.LinkTarget is not null)
        {
            File.Delete(full);
        }
    }
}
