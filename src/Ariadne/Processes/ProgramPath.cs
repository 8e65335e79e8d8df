namespace Ariadne.Processes;

/// <summary>
/// Finds the file a program name starts, as a shell does: a name with a '/' is a path (relative to the working
/// folder), any other name is looked up in the folders of PATH. The current folder is not searched.
/// </summary>
internal static class ProgramPath
{
    /// <summary>The full path of <paramref name="program"/>, or null when there is no such executable file.</summary>
    /// <param name="searchPath">Folders separated by ':' (default: this process's PATH).</param>
    public static string? Find(string program, string workingDirectory, string? searchPath = null)
    {
        if (program.Length == 0)
        {
            return null;
        }

        if (program.Contains('/', StringComparison.Ordinal) || Path.IsPathRooted(program))
        {
            var full = Path.GetFullPath(program, workingDirectory);
            return IsExecutable(full) ? full : null;
        }

        var folders = (searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var extensions = OperatingSystem.IsWindows() ? [.. (Environment.GetEnvironmentVariable("PATHEXT") ?? ".EXE;.CMD;.BAT").Split(';'), ""] : new[] { "" };
        return folders.SelectMany(folder => extensions.Select(extension => Path.Combine(folder, program + extension))).FirstOrDefault(IsExecutable);
    }

    private static bool IsExecutable(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(path) & anyExecute) != 0;
    }
}
