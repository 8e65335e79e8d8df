namespace Ariadne.Workspace;

/// <summary>
/// <c>ariadne move OLD NEW</c>: renames a tracked file or folder together with its pointer file (whose <c>path</c>
/// follows the new name) and its <c>.gitignore</c> entry, also into another folder (both <c>.gitignore</c> files are
/// updated). Refused when NEW exists, when OLD is not tracked by a pointer file, or when NEW lies inside a tracked folder.
/// </summary>
internal sealed class DataMove(DataWorkspace workspace)
{
    public MoveResult Move(string from, string to)
    {
        var oldPointer = TrackedPaths.PointerFor(workspace, from);
        var output = workspace.ReadOutput(oldPointer);
        var toFull = Path.TrimEndingDirectorySeparator(Path.GetFullPath(to));
        if (toFull.EndsWith(PointerFile.Extension, StringComparison.Ordinal))
        {
            toFull = toFull[..^PointerFile.Extension.Length];
        }

        var target = workspace.Resolve(toFull);
        var newPointer = DataWorkspace.PointerPathFor(target);
        if (target == output.DataPath)
        {
            throw AriadneException.InvalidArgument($"'{to}' is where '{output.RelativePath}' already is; give a new name.");
        }

        if (Path.Exists(target) || File.Exists(newPointer))
        {
            throw AriadneException.InvalidArgument($"'{workspace.Relative(Path.Exists(target) ? target : newPointer)}' already exists; nothing was moved. Give a name that is free (to move into a folder, name the new path inside it, e.g. 'other/{Path.GetFileName(output.DataPath)}').");
        }

        if (target.StartsWith(output.DataPath + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw AriadneException.InvalidArgument($"'{to}' is inside '{output.RelativePath}' itself; a folder cannot move into itself.");
        }

        for (var parent = Path.GetDirectoryName(target); parent is not null && parent.Length > workspace.Root.Length; parent = Path.GetDirectoryName(parent))
        {
            if (File.Exists(parent + PointerFile.Extension))
            {
                throw AriadneException.InvalidArgument($"'{to}' is inside '{workspace.Relative(parent)}', which is tracked as a whole; move the data somewhere else.");
            }
        }

        using var held = workspace.Lock();
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (Directory.Exists(output.DataPath))
        {
            Directory.Move(output.DataPath, target);
        }
        else if (Path.Exists(output.DataPath))
        {
            File.Move(output.DataPath, target);
        }

        var newRelative = workspace.Relative(target);
        AtomicFile.WriteAllText(newPointer, (output.Pointer with { Path = Path.GetFileName(target) }).Serialize());
        File.Delete(oldPointer);
        GitIgnore.Remove(Path.GetDirectoryName(output.DataPath)!, Path.GetFileName(output.DataPath));
        GitIgnore.Ensure(Path.GetDirectoryName(target)!, Path.GetFileName(target));

        // The files kept their size, mtime and inode: their stat cache follows them, so nothing is hashed again.
        var oldState = StatCache.FileFor(workspace.StateFolder, output.RelativePath);
        if (File.Exists(oldState))
        {
            File.Move(oldState, StatCache.FileFor(workspace.StateFolder, newRelative), overwrite: true);
        }

        return new MoveResult(output.RelativePath, newRelative, workspace.Relative(oldPointer), workspace.Relative(newPointer));
    }
}
