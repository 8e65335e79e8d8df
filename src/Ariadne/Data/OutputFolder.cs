namespace Ariadne.Data;

/// <summary>
/// Writes a folder of outputs all or nothing: everything goes into a hidden sibling folder that is renamed into place at
/// the end, so a failure or Ctrl-C never leaves half a report or half a split behind.
/// </summary>
internal static class OutputFolder
{
    /// <param name="marker">A file every earlier output of the same command has; an existing, non-empty folder without it is never replaced.</param>
    public static void Write(string folder, string marker, Action<string> fill)
    {
        var full = Path.GetFullPath(folder);
        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any() && !File.Exists(Path.Combine(full, marker)))
        {
            throw AriadneException.InvalidArgument($"'{folder}' exists and is not an earlier output of this command (it has no {marker}); its content would be replaced. Choose another output folder, or remove it first.");
        }

        var parent = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(parent);
        var temp = Path.Combine(parent, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(temp);
        try
        {
            fill(temp);
            if (Directory.Exists(full))
            {
                Directory.Delete(full, recursive: true);
            }

            Directory.Move(temp, full);
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
        }
    }

    /// <summary>Writes several files all or nothing: each to a temporary name first, renamed only when all are written.</summary>
    public static void WriteFiles(IReadOnlyList<string> paths, Action<IReadOnlyList<string>> fill)
    {
        var temps = paths.Select(p =>
        {
            var full = Path.GetFullPath(p);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            return Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        }).ToList();
        try
        {
            fill(temps);
            for (var i = 0; i < paths.Count; i++)
            {
                File.Move(temps[i], Path.GetFullPath(paths[i]), overwrite: true);
            }
        }
        finally
        {
            foreach (var temp in temps.Where(File.Exists))
            {
                File.Delete(temp);
            }
        }
    }
}
