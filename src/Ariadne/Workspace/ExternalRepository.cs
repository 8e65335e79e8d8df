using Ariadne.Remotes;

namespace Ariadne.Workspace;

/// <summary>
/// Another git repository that tracks data with Ariadne, at one commit: cloned (without checking files out) into a
/// temporary folder through the one git client, so its pointer files and <c>.ariadne/config.yaml</c> can be read at any
/// revision, whether it is a URL or a local folder. Its data comes from its default remote. Disposing removes the clone.
/// </summary>
internal sealed class ExternalRepository : IDisposable
{
    private readonly string _clone;
    private readonly GitRepository _git;
    private readonly string? _localFolder;
    private IReadOnlyList<string>? _files;

    private ExternalRepository(string repo, string? localFolder, string clone, GitRepository git, string? rev, string commit)
    {
        Repo = repo;
        _localFolder = localFolder;
        _clone = clone;
        _git = git;
        Rev = rev;
        Commit = commit;
    }

    /// <summary>The repository as recorded: the URL as given, or a local folder as an absolute path.</summary>
    public string Repo { get; }

    /// <summary>The revision asked for; null for the repository's default branch.</summary>
    public string? Rev { get; }

    /// <summary>The commit <see cref="Rev"/> resolved to.</summary>
    public string Commit { get; }

    /// <summary>Clones <paramref name="repo"/> (a URL, or a folder taken relative to <paramref name="workingFolder"/>) and resolves <paramref name="rev"/>.</summary>
    public static ExternalRepository Open(string repo, string? rev, string workingFolder)
    {
        if (string.IsNullOrWhiteSpace(repo) || repo.Any(char.IsControl))
        {
            throw AriadneException.InvalidArgument($"'{repo}' is not a repository: give a git URL or the path of a local git repository.");
        }

        if (rev is not null && (rev.Length == 0 || rev.StartsWith('-') || rev.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            throw AriadneException.InvalidArgument($"--rev '{rev}' is not a git revision: give a branch, tag or commit id.");
        }

        var isUrl = repo.Contains("://", StringComparison.Ordinal) || (repo.Contains('@', StringComparison.Ordinal) && repo.Contains(':', StringComparison.Ordinal));
        string recorded;
        string? localFolder;
        if (isUrl)
        {
            recorded = repo;
            localFolder = repo.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? Uri.UnescapeDataString(repo["file://".Length..]) : null;
        }
        else
        {
            localFolder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(repo, workingFolder));
            if (!Directory.Exists(localFolder))
            {
                throw AriadneException.InvalidArgument($"'{repo}' is neither a git URL nor an existing folder ('{localFolder}' does not exist). Give the repository's URL or the path of a local clone.");
            }

            recorded = localFolder;
        }

        var clone = Path.Combine(Path.GetTempPath(), "ariadne-repo-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            GitRepository git;
            try
            {
                git = GitRepository.Clone(isUrl ? repo : localFolder!, clone);
            }
            catch (AriadneException e) when (e.Code == ErrorCode.GitFailed)
            {
                throw new AriadneException(ErrorCode.GitFailed, $"Could not clone '{repo}': {e.Message}");
            }

            var commit = git.ResolveCommit(rev ?? "HEAD")
                ?? throw AriadneException.InvalidArgument(rev is null
                    ? $"'{repo}' has no commits on its default branch; pass --rev with a branch, tag or commit that exists."
                    : $"'{repo}' has no revision '{rev}'. Give a branch, tag or commit id that exists there ('git ls-remote {repo}' lists branches and tags).");
            return new ExternalRepository(recorded, localFolder, clone, git, rev, commit);
        }
        catch
        {
            RemoveFolder(clone);
            throw;
        }
    }

    /// <summary>Every file in the commit's tree, relative to the repository root.</summary>
    public IReadOnlyList<string> Files => _files ??= _git.FilesAt(Commit);

    /// <summary>Every path tracked by a pointer file at the commit, by its data path relative to the repository root.</summary>
    public IReadOnlyList<RepositoryEntry> Tracked()
    {
        var result = new List<RepositoryEntry>();
        foreach (var (pointerPath, text) in _git.PointerFilesAt(Commit))
        {
            var pointer = PointerFile.Parse(text, $"{Repo}@{Commit[..8]}:{pointerPath}");
            var folder = Path.GetDirectoryName(pointerPath)!.Replace('\\', '/');
            result.Add(new RepositoryEntry(folder.Length == 0 ? pointer.Path : folder + "/" + pointer.Path, pointerPath, pointer));
        }

        return [.. result.OrderBy(e => e.Path, StringComparer.Ordinal)];
    }

    /// <summary>The tracked path <paramref name="path"/> (a data path or its pointer file); refuses sealed parts and untracked paths clearly.</summary>
    public RepositoryEntry Find(string path)
    {
        var wanted = Normalize(path);
        var tracked = Tracked();
        if (tracked.FirstOrDefault(e => e.Path == wanted) is { } found)
        {
            return found;
        }

        if (SealedPointer.IsSealedAmong(wanted, Files))
        {
            throw SealedPointer.RefusedOutside(wanted, Repo);
        }

        if (tracked.FirstOrDefault(e => wanted.StartsWith(e.Path + "/", StringComparison.Ordinal)) is { } folder)
        {
            throw AriadneException.InvalidArgument($"'{wanted}' is inside the tracked folder '{folder.Path}' of {Describe()}; get or import the whole folder ('{folder.Path}').");
        }

        var list = tracked.Count == 0 ? "it tracks nothing" : "it tracks: " + string.Join(", ", tracked.Take(10).Select(e => e.Path)) + (tracked.Count > 10 ? ", ..." : "");
        throw AriadneException.InvalidArgument($"'{wanted}' is not tracked in {Describe()} ({list}). Paths are relative to the repository root; 'ariadne ls {Repo}' lists them.");
    }

    /// <summary>The repository and commit, for messages.</summary>
    public string Describe() => $"'{Repo}' at {(Rev is null ? "" : Rev + " = ")}{Commit[..12]}";

    /// <summary>
    /// The default remote of the Ariadne workspace holding <paramref name="dataPath"/>, from its <c>.ariadne/config.yaml</c>
    /// at the commit. A relative folder remote is taken relative to that workspace in the local repository.
    /// </summary>
    public RemoteSettings DefaultRemote(string dataPath)
    {
        var configs = Files.Where(f => f == ".ariadne/config.yaml" || f.EndsWith("/.ariadne/config.yaml", StringComparison.Ordinal))
            .Select(f => f[..^".ariadne/config.yaml".Length].TrimEnd('/'))
            .Where(folder => folder.Length == 0 || dataPath.StartsWith(folder + "/", StringComparison.Ordinal))
            .OrderByDescending(folder => folder.Length)
            .ToList();
        if (configs.Count == 0)
        {
            throw AriadneException.InvalidArgument($"{Describe()} has no .ariadne/config.yaml above '{dataPath}', so it says nowhere where its data is stored. Is it an Ariadne project? Its owner runs 'ariadne init' and 'ariadne remote add NAME URL --default', then commits .ariadne/config.yaml.");
        }

        var workspaceFolder = configs[0];
        var configPath = (workspaceFolder.Length == 0 ? "" : workspaceFolder + "/") + ".ariadne/config.yaml";
        var config = WorkspaceConfig.Parse(_git.FileAt(Commit, configPath) ?? "", $"{Repo}@{Commit[..8]}:{configPath}");
        if (config.DefaultRemote is null)
        {
            throw AriadneException.InvalidArgument($"{Describe()} has no default remote in {configPath}, so its data cannot be downloaded. Its owner sets one ('ariadne remote add NAME URL --default'), pushes the data and commits the config.");
        }

        var remote = config.Remote(config.DefaultRemote);
        if (remote.Scheme != "file" || remote.Url.StartsWith("file://", StringComparison.OrdinalIgnoreCase) || Path.IsPathRooted(remote.Url))
        {
            return remote;
        }

        if (_localFolder is null)
        {
            throw AriadneException.InvalidArgument($"The default remote '{remote.Name}' of {Describe()} is the relative folder '{remote.Url}', which exists only next to a copy of that repository. Clone it and get the data from the clone's folder.");
        }

        return remote with { Url = Path.GetFullPath(remote.Url, Path.Combine(_localFolder, workspaceFolder)) };
    }

    public void Dispose() => RemoveFolder(_clone);

    /// <summary>A user-given path inside a repository as the pointer files name it: '/' separators, no './', no trailing '/', no '.ari'.</summary>
    public static string Normalize(string path)
    {
        var text = path.Replace('\\', '/').Trim();
        while (text.StartsWith("./", StringComparison.Ordinal))
        {
            text = text[2..];
        }

        text = text.TrimEnd('/');
        if (text.EndsWith(PointerFile.Extension, StringComparison.Ordinal))
        {
            text = text[..^PointerFile.Extension.Length];
        }

        if (text.Length == 0 || text.StartsWith('/') || text.Split('/').Any(p => p is "" or "." or ".."))
        {
            throw AriadneException.InvalidArgument($"'{path}' is not a path inside the repository: give it relative to the repository root, without '..', e.g. 'data/raw'.");
        }

        return text;
    }

    private static void RemoveFolder(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover clone in the temp folder costs space only.
        }
    }
}
