using Ariadne.Content;

namespace Ariadne.Workspace;

/// <summary>
/// A folder with <c>.ariadne/</c> in it: the config, the object cache, the stat cache and the lock. Paths the user
/// passes are resolved against it and refused when they leave it.
/// </summary>
internal sealed class DataWorkspace
{
    public const string FolderName = ".ariadne";

    private DataWorkspace(string root, TimeProvider time)
    {
        Root = root;
        Time = time;
        AriadneFolder = Path.Combine(root, FolderName);
        Config = WorkspaceConfig.Load(ConfigFile, LocalConfigFile);
        Cache = new ObjectCache(Path.Combine(AriadneFolder, "cache"), Path.Combine(AriadneFolder, "tmp"), Config.LinkKinds);
    }

    public string Root { get; }

    public string AriadneFolder { get; }

    public TimeProvider Time { get; }

    public WorkspaceConfig Config { get; }

    public ObjectCache Cache { get; }

    public string ConfigFile => Path.Combine(AriadneFolder, "config.yaml");

    public string LocalConfigFile => Path.Combine(AriadneFolder, "config.local.yaml");

    public string StateFolder => Path.Combine(AriadneFolder, "state");

    /// <summary>Where the embedded tracking database lives (used by the tracking features).</summary>
    public string DatabaseFile => Path.Combine(AriadneFolder, "ariadne.db");

    /// <summary>The git repository the workspace sits in, or null outside git.</summary>
    public string? GitRoot => FindUpwards(Root, ".git");

    /// <summary>Creates <c>.ariadne/</c> in <paramref name="folder"/> (idempotent). Returns the workspace and whether it was new.</summary>
    public static (DataWorkspace Workspace, bool Created) Init(string folder, TimeProvider? time = null)
    {
        var root = Path.GetFullPath(folder);
        var ariadne = Path.Combine(root, FolderName);
        var created = !Directory.Exists(ariadne);
        Directory.CreateDirectory(ariadne);
        var ignore = Path.Combine(ariadne, ".gitignore");
        if (!File.Exists(ignore))
        {
            AtomicFile.WriteAllText(ignore, "# Local to this machine: never commit.\n/cache/\n/tmp/\n/state/\n/lock\n/lock.info\n/config.local.yaml\n/ariadne.db*\n");
        }

        var workspace = new DataWorkspace(root, time ?? TimeProvider.System);
        if (!File.Exists(workspace.ConfigFile))
        {
            workspace.Config.Save(workspace.ConfigFile, workspace.LocalConfigFile);
        }

        workspace.Cache.EnsureCreated();
        Directory.CreateDirectory(workspace.StateFolder);
        return (workspace, created);
    }

    /// <summary>The workspace containing <paramref name="folder"/> (looking upwards).</summary>
    public static DataWorkspace Open(string folder, TimeProvider? time = null)
    {
        var start = Path.GetFullPath(folder);
        var marker = FindUpwards(start, FolderName) ?? throw AriadneException.NotAWorkspace(start);
        return new DataWorkspace(marker, time ?? TimeProvider.System);
    }

    /// <summary>Takes the workspace lock and removes what an interrupted command left in the temp folder.</summary>
    public WorkspaceLock Lock(TimeSpan? wait = null)
    {
        var held = WorkspaceLock.Acquire(Path.Combine(AriadneFolder, "lock"), wait ?? TimeSpan.FromSeconds(5), Time);
        Cache.CleanTemporaryFiles();
        return held;
    }

    public void SaveConfig() => Config.Save(ConfigFile, LocalConfigFile);

    /// <summary>The remote named (or the default one), with a relative folder URL taken relative to the workspace root.</summary>
    public Remotes.RemoteSettings ResolveRemote(string? name)
    {
        var settings = Config.ResolveRemote(name);
        return settings.Scheme == "file" && !settings.Url.StartsWith("file://", StringComparison.OrdinalIgnoreCase) && !Path.IsPathRooted(settings.Url)
            ? settings with { Url = Path.GetFullPath(settings.Url, Root) }
            : settings;
    }

    /// <summary>Absolute path for a user-given path, refused when it leaves the workspace or enters .ariadne/.git.</summary>
    public string Resolve(string userPath)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(userPath));
        var relative = Path.GetRelativePath(Root, full);
        if (relative == "." || relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            throw AriadneException.PathOutsideWorkspace(userPath, Root);
        }

        var first = relative.Split(Path.DirectorySeparatorChar)[0];
        if (first is FolderName or ".git")
        {
            throw AriadneException.InvalidArgument($"'{userPath}' is inside {first}/, which Ariadne manages itself; track data elsewhere in the workspace.");
        }

        return full;
    }

    /// <summary>Workspace-relative path with '/' separators.</summary>
    public string Relative(string fullPath) => Path.GetRelativePath(Root, fullPath).Replace(Path.DirectorySeparatorChar, '/');

    /// <summary>The pointer file that tracks <paramref name="dataPath"/>.</summary>
    public static string PointerPathFor(string dataPath) => dataPath + PointerFile.Extension;

    /// <summary>
    /// Every pointer file in the workspace. Skips .git, .ariadne and the tracked outputs themselves (a folder
    /// <c>x</c> next to <c>x.ari</c>), so big data folders are never walked just to find pointers.
    /// </summary>
    public IEnumerable<string> FindPointerFiles() => FindFiles(PointerFile.Extension);

    /// <summary>
    /// Every sealed pointer (<see cref="SealedPointer"/>) lying in the workspace's folders, skipping the same folders
    /// as <see cref="FindPointerFiles"/>: those inside a tracked folder are read from its manifest.
    /// </summary>
    public IEnumerable<string> FindSealedPointers() => FindFiles(SealedPointer.Extension);

    private IEnumerable<string> FindFiles(string extension)
    {
        var pending = new Stack<string>();
        pending.Push(Root);
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            List<string> files;
            List<string> folders;
            try
            {
                files = [.. Directory.EnumerateFiles(folder)];
                folders = [.. Directory.EnumerateDirectories(folder)];
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            var pointers = new HashSet<string>(files.Where(f => f.EndsWith(PointerFile.Extension, StringComparison.Ordinal)), StringComparer.Ordinal);
            foreach (var found in files.Where(f => f.EndsWith(extension, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                yield return found;
            }

            foreach (var sub in folders.OrderDescending(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(sub);
                if (name is ".git" or FolderName or "node_modules" || pointers.Contains(sub + PointerFile.Extension))
                {
                    continue;
                }

                if ((File.GetAttributes(sub) & FileAttributes.ReparsePoint) != 0)
                {
                    continue;
                }

                pending.Push(sub);
            }
        }
    }

    /// <summary>Pointer files for the given targets (data paths or pointer paths), or all of them when none are given.</summary>
    public IReadOnlyList<string> SelectPointerFiles(IReadOnlyCollection<string> targets)
    {
        if (targets.Count == 0)
        {
            return [.. FindPointerFiles()];
        }

        var result = new List<string>();
        foreach (var target in targets)
        {
            var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(target));
            var pointer = full.EndsWith(PointerFile.Extension, StringComparison.Ordinal) ? full : PointerPathFor(full);
            if (File.Exists(pointer))
            {
                Resolve(pointer[..^PointerFile.Extension.Length]);
                result.Add(pointer);
            }
            else if (Directory.Exists(full))
            {
                Resolve(full + Path.DirectorySeparatorChar + "x");
                result.AddRange(FindPointerFiles().Where(p => p.StartsWith(full + Path.DirectorySeparatorChar, StringComparison.Ordinal)));
            }
            else
            {
                throw AriadneException.InvalidArgument($"'{target}' is not tracked: there is no pointer file '{Path.GetRelativePath(Environment.CurrentDirectory, pointer)}'. Track it with 'ariadne add {target}'.");
            }
        }

        return [.. result.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Reads a pointer and resolves its data path, refusing one that escapes the workspace.</summary>
    public TrackedOutput ReadOutput(string pointerFile)
    {
        var pointer = PointerFile.Read(pointerFile);
        var dataPath = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(pointerFile)!, pointer.Path));
        var relative = Path.GetRelativePath(Root, dataPath);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) || relative.Split(Path.DirectorySeparatorChar)[0] is FolderName or ".git")
        {
            throw AriadneException.MalformedPointer(Relative(pointerFile), $"its path '{pointer.Path}' leads outside the workspace");
        }

        return new TrackedOutput(pointerFile, dataPath, Relative(dataPath), pointer);
    }

    private static string? FindUpwards(string start, string marker)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, marker)) || (marker == ".git" && File.Exists(Path.Combine(dir.FullName, marker))))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
