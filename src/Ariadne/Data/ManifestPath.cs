namespace Ariadne.Data;

/// <summary>
/// How manifests and reports (split.json, drift.json) name files: relative to the workspace root (the folder holding
/// <c>.ariadne/</c>, else the git repository's root) with '/' separators, so two clones of one project write the same
/// bytes; a file outside any workspace keeps its absolute path.
/// </summary>
internal static class ManifestPath
{
    public static string For(string path)
    {
        var full = Path.GetFullPath(path);
        var root = RootOf(Path.GetDirectoryName(full) ?? full);
        if (root is null)
        {
            return full;
        }

        var relative = Path.GetRelativePath(root, full);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? full : relative.Replace('\\', '/');
    }

    private static string? RootOf(string start)
    {
        foreach (var marker in new[] { Workspace.DataWorkspace.FolderName, ".git" })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (Directory.Exists(Path.Combine(dir.FullName, marker)) || File.Exists(Path.Combine(dir.FullName, marker)))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }
}
