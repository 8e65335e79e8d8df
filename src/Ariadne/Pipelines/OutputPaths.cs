namespace Ariadne.Pipelines;

/// <summary>Removes a stage's outputs before it runs, so a command never sees (or appends to) a stale or read-only output.</summary>
internal static class OutputPaths
{
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
