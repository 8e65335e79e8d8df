using Ariadne.Workspace;

namespace Ariadne.Pipelines;

/// <summary>
/// A throwaway working copy of the workspace for one experiment, in <c>.ariadne/exps/&lt;id&gt;/</c>: every file of the
/// workspace except <c>.ariadne/</c> and <c>.git/</c> is copied (the lock file and outputs included, so only the
/// stages an override affects run), and its <c>.ariadne/cache</c> is a symbolic link to the workspace's cache, so
/// outputs and the run cache are shared. Being on the same file system, stored outputs move into the cache by rename
/// and come back as links. The workspace itself is never written; disposing removes the copy.
/// </summary>
internal sealed class ExperimentCheckout : IDisposable
{
    public const string FolderName = "exps";

    // Guards creating and removing the parent folder between the trials of one sweep (other processes wait on the workspace lock).
    private static readonly Lock ParentGate = new();

    private ExperimentCheckout(string root, DataWorkspace workspace) => (Root, Workspace) = (root, workspace);

    public string Root { get; }

    public DataWorkspace Workspace { get; }

    public static ExperimentCheckout Create(DataWorkspace source)
    {
        var parent = Path.Combine(source.AriadneFolder, FolderName);
        var root = Path.Combine(parent, Guid.NewGuid().ToString("N")[..12]);
        lock (ParentGate)
        {
            Directory.CreateDirectory(parent);
            var ignore = Path.Combine(parent, ".gitignore");
            if (!File.Exists(ignore))
            {
                // Working copies are never part of the repository, even while they exist.
                File.WriteAllText(ignore, "*\n");
            }

            Directory.CreateDirectory(root);
        }

        try
        {
            CopyTree(source.Root, root, top: true);
            var ariadne = Path.Combine(root, DataWorkspace.FolderName);
            Directory.CreateDirectory(ariadne);
            Directory.CreateSymbolicLink(Path.Combine(ariadne, "cache"), source.Cache.Root);
            foreach (var config in new[] { source.ConfigFile, source.LocalConfigFile }.Where(File.Exists))
            {
                File.Copy(config, Path.Combine(ariadne, Path.GetFileName(config)));
            }

            var (workspace, _) = DataWorkspace.Init(root, source.Time);
            return new ExperimentCheckout(root, workspace);
        }
        catch
        {
            new ExperimentCheckout(root, null!).Dispose();
            throw;
        }
    }

    /// <summary>
    /// Removes working copies an interrupted or killed experiment left behind. Call it holding the workspace lock before
    /// the first copy is made: every experiment holds that lock, so any copy found then belongs to none that is running.
    /// </summary>
    public static void RemoveLeftovers(DataWorkspace source)
    {
        var parent = Path.Combine(source.AriadneFolder, FolderName);
        if (!Directory.Exists(parent))
        {
            return;
        }

        foreach (var folder in Directory.GetDirectories(parent))
        {
            Remove(folder);
        }

        Directory.Delete(parent, recursive: true);
    }

    public void Dispose()
    {
        Remove(Root);
        lock (ParentGate)
        {
            // The last copy gone, the folder goes too, so the workspace looks exactly as before (git status --ignored included).
            var parent = Path.GetDirectoryName(Root)!;
            if (Directory.Exists(parent) && Directory.GetDirectories(parent).Length == 0)
            {
                Directory.Delete(parent, recursive: true);
            }
        }
    }

    private static void CopyTree(string from, string to, bool top)
    {
        foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
        {
            if (top && entry.Name is DataWorkspace.FolderName or ".git")
            {
                continue;
            }

            var target = Path.Combine(to, entry.Name);
            if (entry.LinkTarget is { } link)
            {
                if (entry is DirectoryInfo)
                {
                    Directory.CreateSymbolicLink(target, link);
                }
                else
                {
                    File.CreateSymbolicLink(target, link);
                }
            }
            else if (entry is DirectoryInfo folder)
            {
                Directory.CreateDirectory(target);
                CopyTree(folder.FullName, target, top: false);
            }
            else
            {
                File.Copy(entry.FullName, target);
            }
        }
    }

    private static void Remove(string root)
    {
        if (!Directory.Exists(root))
        {
            return;
        }

        // Outputs linked from the cache may sit in read-only folders: make folders writable, then delete (links, not targets).
        foreach (var folder in new DirectoryInfo(root).EnumerateDirectories("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }))
        {
            try
            {
                if (OperatingSystem.IsWindows())
                {
                    break;
                }

                folder.UnixFileMode |= UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        Directory.Delete(root, recursive: true);
    }
}
