using Ariadne.Workspace;

namespace Ariadne.Reproduction;

/// <summary>
/// A clean git worktree of the user's repository at a recorded commit, with the recorded uncommitted diff applied, and
/// an Ariadne workspace in it whose <c>.ariadne/cache</c> is a link to the original workspace's cache (inputs are
/// restored from it, outputs stored into it). The user's own working tree is never written. Disposing removes the
/// worktree unless it is kept.
/// </summary>
internal sealed class ReproductionWorktree : IDisposable
{
    public const string FolderName = "reproduce";

    private readonly GitRepository _repository;

    private ReproductionWorktree(GitRepository repository, string folder, DataWorkspace workspace, bool keep)
    {
        _repository = repository;
        Folder = folder;
        Workspace = workspace;
        Keep = keep;
    }

    /// <summary>The worktree's top-level folder.</summary>
    public string Folder { get; }

    /// <summary>The workspace inside the worktree, at the same place relative to the repository root as the original.</summary>
    public DataWorkspace Workspace { get; }

    public bool Keep { get; set; }

    /// <summary>The default folder for a reproduction of <paramref name="runId"/>: a new one under <c>.ariadne/reproduce/</c> (ignored by git).</summary>
    public static string DefaultFolder(DataWorkspace source, string runId)
    {
        var parent = Path.Combine(source.AriadneFolder, FolderName);
        return Path.Combine(parent, $"{runId[..Math.Min(12, runId.Length)]}-{Guid.NewGuid().ToString("N")[..6]}");
    }

    /// <summary>Refuses a folder that holds work: a worktree with uncommitted changes, or any non-empty folder. Writes nothing.</summary>
    public static void CheckFolder(string folder)
    {
        if (File.Exists(folder))
        {
            throw AriadneException.ReproductionFolderInUse(folder, []);
        }

        if (!Directory.Exists(folder) || !Directory.EnumerateFileSystemEntries(folder).Any())
        {
            return;
        }

        var changes = File.Exists(Path.Combine(folder, ".git")) || Directory.Exists(Path.Combine(folder, ".git"))
            ? new GitRepository(folder).Changes()
            : [];
        throw AriadneException.ReproductionFolderInUse(folder, changes);
    }

    /// <summary>Adds the worktree at <paramref name="folder"/> (checked by <see cref="CheckFolder"/>) and applies <paramref name="diff"/>.</summary>
    public static ReproductionWorktree Create(DataWorkspace source, string gitRoot, string commit, string? diff, string folder, bool keep)
    {
        var repository = new GitRepository(gitRoot);
        var parent = Path.GetDirectoryName(Path.GetFullPath(folder))!;
        Directory.CreateDirectory(parent);
        if (parent == Path.Combine(source.AriadneFolder, FolderName) && !File.Exists(Path.Combine(parent, ".gitignore")))
        {
            // Reproductions are never part of the repository, even while they exist.
            File.WriteAllText(Path.Combine(parent, ".gitignore"), "*\n");
        }

        var createdFolder = !Directory.Exists(folder);
        repository.AddWorktree(folder, commit);
        try
        {
            if (!string.IsNullOrEmpty(diff))
            {
                new GitRepository(folder).Apply(diff);
            }

            var root = Path.GetFullPath(Path.Combine(folder, Path.GetRelativePath(gitRoot, source.Root)));
            var ariadne = Path.Combine(root, DataWorkspace.FolderName);
            Directory.CreateDirectory(ariadne);
            var cache = Path.Combine(ariadne, "cache");
            if (!Directory.Exists(cache))
            {
                Directory.CreateSymbolicLink(cache, source.Cache.Root);
            }

            foreach (var config in new[] { source.ConfigFile, source.LocalConfigFile }.Where(File.Exists))
            {
                var target = Path.Combine(ariadne, Path.GetFileName(config));
                if (!File.Exists(target))
                {
                    File.Copy(config, target);
                }
            }

            var (workspace, _) = DataWorkspace.Init(root, source.Time);
            return new ReproductionWorktree(repository, folder, workspace, keep);
        }
        catch
        {
            Remove(repository, folder, createdFolder);
            throw;
        }
    }

    public void Dispose()
    {
        if (!Keep)
        {
            Remove(_repository, Folder, removeFolder: true);
        }
    }

    private static void Remove(GitRepository repository, string folder, bool removeFolder)
    {
        // Outputs linked from the cache sit in read-only folders: make them writable so the worktree can go.
        if (Directory.Exists(folder) && !OperatingSystem.IsWindows())
        {
            foreach (var sub in new DirectoryInfo(folder).EnumerateDirectories("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }))
            {
                try
                {
                    sub.UnixFileMode |= UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                }
            }
        }

        repository.RemoveWorktree(folder);
        if (removeFolder && Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        var parent = Path.GetDirectoryName(Path.GetFullPath(folder))!;
        if (Path.GetFileName(parent) == FolderName && Directory.Exists(parent) && Directory.GetDirectories(parent).Length == 0)
        {
            Directory.Delete(parent, recursive: true);
        }
    }
}
