namespace Ariadne.Workspace;

/// <summary>The pointer file a user names for <c>remove</c> and <c>move</c> (a data path or its <c>.ari</c> file), and deleting tracked data.</summary>
internal static class TrackedPaths
{
    /// <summary>The pointer file of the tracked path <paramref name="target"/>; a clear error when it is not tracked by one.</summary>
    public static string PointerFor(DataWorkspace workspace, string target)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(target));
        var pointer = full.EndsWith(PointerFile.Extension, StringComparison.Ordinal) ? full : DataWorkspace.PointerPathFor(full);
        workspace.Resolve(pointer);
        if (!File.Exists(pointer))
        {
            throw AriadneException.InvalidArgument($"'{target}' is not tracked: there is no pointer file '{workspace.Relative(pointer)}'. 'ariadne status' lists tracked paths (pipeline outputs belong to their stage in ariadne.yaml).");
        }

        return pointer;
    }

    /// <summary>Deletes a tracked file or folder (read-only files included: deleting needs only the folder's permission).</summary>
    public static void Delete(string path)
    {
        if (Directory.Exists(path) && (File.GetAttributes(path) & FileAttributes.ReparsePoint) == 0)
        {
            Directory.Delete(path, recursive: true);
        }
        else
        {
            File.Delete(path);
        }
    }
}
