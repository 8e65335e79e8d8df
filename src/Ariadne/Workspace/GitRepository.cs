using System.Text;
using Ariadne.Processes;
using Ariadne.RunContext;

namespace Ariadne.Workspace;

/// <summary>
/// Ariadne's one git client: every git command it runs goes through here, as an argument list on the process layer,
/// never prompting, paging or taking optional locks on the user's repository. It reads pointer files as they were at a
/// revision and in every revision, finds the commit holding a file, creates repositories and commits (quickstart), and
/// runs the bounded, never-failing reads of environment capture (<see cref="GitProbe"/>).
/// </summary>
internal sealed class GitRepository(string workingFolder)
{
    // Messages in English, no credential or editor prompts, no pager, and no index refresh behind the user's back.
    private static readonly Dictionary<string, string?> Quiet = new(StringComparer.Ordinal)
    {
        ["GIT_TERMINAL_PROMPT"] = "0",
        ["GIT_OPTIONAL_LOCKS"] = "0",
        ["GIT_PAGER"] = "cat",
        ["LC_ALL"] = "C",
    };

    /// <summary>Pointer files at <paramref name="revision"/> under the working folder: workspace-relative path → text.</summary>
    public IReadOnlyDictionary<string, string> PointerFilesAt(string revision)
    {
        var listing = Run("ls-tree", "-r", "-z", "--name-only", Quote(revision), "--", ".");
        var paths = listing.Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => p.EndsWith(PointerFile.Extension, StringComparison.Ordinal))
            .ToList();
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, text) in paths.Zip(CatFiles(paths.Select(p => $"{revision}:./{p}"))))
        {
            result[path] = text;
        }

        return result;
    }

    /// <summary>The text of <paramref name="path"/> (relative to the working folder) at <paramref name="revision"/>, or null when it did not exist there.</summary>
    public string? FileAt(string revision, string path)
    {
        Run("rev-parse", "--verify", "--quiet", Quote(revision) + "^{commit}");
        try
        {
            return Run("show", Quote(revision) + ":./" + path);
        }
        catch (AriadneException e) when (e.Code == ErrorCode.GitFailed)
        {
            return null;
        }
    }

    /// <summary>Every file path (relative to the working folder) in the tree of <paramref name="revision"/>.</summary>
    public IReadOnlyList<string> FilesAt(string revision) =>
        Run("ls-tree", "-r", "-z", "--name-only", Quote(revision), "--", ".").Split('\0', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The full commit id <paramref name="revision"/> names, or null when the repository has no such commit.</summary>
    public string? ResolveCommit(string revision)
    {
        try
        {
            var commit = Run("rev-parse", "--verify", "--quiet", Quote(revision) + "^{commit}").Trim();
            return commit.Length == 40 ? commit : null;
        }
        catch (AriadneException e) when (e.Code == ErrorCode.GitFailed)
        {
            return null;
        }
    }

    /// <summary>
    /// Clones <paramref name="source"/> (a URL or a local repository) into the new folder <paramref name="destination"/>
    /// without checking files out: the commits are there to read pointer files and config at any revision.
    /// </summary>
    public static GitRepository Clone(string source, string destination)
    {
        var parent = Path.GetDirectoryName(destination)!;
        new GitRepository(parent).Run("clone", "--no-checkout", "--quiet", "--", source, destination);
        return new GitRepository(destination);
    }

    /// <summary>The distinct pointer-file contents in every commit reachable from any ref.</summary>
    public IReadOnlyCollection<(string Path, string Text)> PointerFilesInAllCommits()
    {
        var commits = Run("rev-list", "--all").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var blobs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var commit in commits)
        {
            foreach (var line in Run("ls-tree", "-r", "-z", commit, "--", ".").Split('\0', StringSplitOptions.RemoveEmptyEntries))
            {
                var tab = line.IndexOf('\t', StringComparison.Ordinal);
                var path = line[(tab + 1)..];
                if (path.EndsWith(PointerFile.Extension, StringComparison.Ordinal))
                {
                    var blob = line.Split(' ')[2][..40];
                    blobs.TryAdd(blob, path);
                }
            }
        }

        var texts = CatFiles(blobs.Keys);
        return [.. blobs.Values.Zip(texts)];
    }

    /// <summary>The commit that holds <paramref name="path"/> as it is now, or null when git has no such commit or the file differs from it.</summary>
    public string? CommitHolding(string path)
    {
        try
        {
            if (Run("status", "--porcelain", "--", path).Trim().Length > 0)
            {
                return null;
            }

            var commit = Run("log", "-1", "--format=%H", "--", path).Trim();
            return commit.Length == 40 ? commit : null;
        }
        catch (AriadneException)
        {
            return null;
        }
    }

    /// <summary>
    /// Commits (newest first) whose change to files matching <paramref name="pathspec"/> (relative to the working
    /// folder) adds or removes <paramref name="text"/> (git's pickaxe, <c>-S</c>), from every ref when
    /// <paramref name="allRefs"/>: id, author date, subject and the matching files they changed.
    /// </summary>
    public IReadOnlyList<(string Commit, string Date, string Subject, IReadOnlyList<string> Paths)> CommitsChanging(string text, string pathspec, bool allRefs)
    {
        if (text.StartsWith('-') || text.Any(char.IsWhiteSpace))
        {
            throw AriadneException.InvalidArgument($"'{text}' cannot be searched for in git history.");
        }

        string[] arguments = ["log", .. allRefs ? new[] { "--all" } : [], "--relative", "--name-only", "--format=%x00%H%x09%aI%x09%s", "-S" + text, "--", pathspec];
        var commits = new List<(string, string, string, IReadOnlyList<string>)>();
        foreach (var block in Run(arguments).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = block.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var head = lines[0].Split('\t', 3);
            if (head.Length == 3)
            {
                commits.Add((head[0], head[1], head[2], lines[1..]));
            }
        }

        return commits;
    }

    /// <summary>The bytes of <paramref name="path"/> (relative to the working folder) at <paramref name="revision"/>, or null when it did not exist there.</summary>
    public byte[]? BytesAt(string revision, string path)
    {
        Run("rev-parse", "--verify", "--quiet", Quote(revision) + "^{commit}");
        using var output = new MemoryStream();
        var result = (Command(["show", Quote(revision) + ":./" + path]) with { Output = ProcessOutput.Bytes(output) }).Run();
        return result.ExitCode == 0 ? output.ToArray() : null;
    }

    /// <summary>True when <paramref name="revision"/> names a commit of this repository.</summary>
    public bool IsCommit(string revision) =>
        !revision.StartsWith('-') && !revision.Any(char.IsWhiteSpace) && TryRun(["rev-parse", "--verify", "--quiet", revision + "^{commit}"]);

    /// <summary>The entries git status lists for <paramref name="paths"/> (relative to the working folder): changed, staged or untracked.</summary>
    public IReadOnlyList<string> Uncommitted(IReadOnlyCollection<string> paths)
    {
        if (paths.Count == 0)
        {
            return [];
        }

        var listing = Run(["status", "--porcelain", "-z", "--untracked-files=all", "--", .. paths.Select(p => ":(literal)" + p)]);
        return [.. listing.Split('\0', StringSplitOptions.RemoveEmptyEntries).Where(e => e.Length > 3 && e[2] == ' ').Select(e => e[3..])];
    }

    /// <summary>Adds a worktree at <paramref name="folder"/> with <paramref name="commit"/> checked out, HEAD detached (<c>git worktree add --detach</c>).</summary>
    public void AddWorktree(string folder, string commit) => Run("worktree", "add", "--detach", "--quiet", folder, Quote(commit));

    /// <summary>Removes a worktree this repository added, and its bookkeeping; quietly nothing when it is gone already.</summary>
    public void RemoveWorktree(string folder)
    {
        TryRun(["worktree", "remove", "--force", "--force", folder]);
        TryRun(["worktree", "prune"]);
    }

    /// <summary>Applies a patch made by <c>git diff HEAD --binary</c> to the working folder's files; the error git gives when it does not apply.</summary>
    public void Apply(string patch)
    {
        var result = (Command(["apply", "--binary", "--whitespace=nowarn", "-"]) with { Input = Encoding.UTF8.GetBytes(patch) }).Run();
        if (result.ExitCode != 0)
        {
            throw AriadneException.GitFailed("apply", result.Error);
        }
    }

    /// <summary>Changed, staged and untracked entries of the working folder's tree (<c>git status --porcelain</c>), empty when clean.</summary>
    public IReadOnlyList<string> Changes() =>
        [.. Run("status", "--porcelain", "-z", "--untracked-files=normal").Split('\0', StringSplitOptions.RemoveEmptyEntries).Where(e => e.Length > 3).Select(e => e[3..])];

    /// <summary>Makes the working folder a git repository (<c>git init</c>); false when git is missing or fails.</summary>
    public bool TryInit() => TryRun(["init", "-q"]);

    /// <summary>Stages everything and commits it as <paramref name="author"/>; false when git is missing, fails, or there is nothing to commit.</summary>
    public bool TryCommitAll(string message, (string Name, string Email) author) =>
        TryRun(["add", "-A"]) && TryRun(["-c", $"user.name={author.Name}", "-c", $"user.email={author.Email}", "commit", "-q", "-m", message]);

    /// <summary>
    /// Standard output of a git command that must never stop or throw (environment capture): null when git is missing,
    /// fails, or runs past <paramref name="timeout"/>; at most <paramref name="maxChars"/> characters are kept.
    /// </summary>
    public Task<ToolOutput?> TryReadAsync(TimeSpan timeout, int maxChars, IReadOnlyList<string> arguments) =>
        ToolProcess.RunAsync(Command(arguments) with { Timeout = timeout, MaxKeptChars = maxChars });

    private List<string> CatFiles(IEnumerable<string> objects)
    {
        var names = objects.ToList();
        if (names.Count == 0)
        {
            return [];
        }

        using var output = new MemoryStream();
        var result = (Command(["cat-file", "--batch"]) with
        {
            Input = Encoding.UTF8.GetBytes(string.Concat(names.Select(name => name + "\n"))),
            Output = ProcessOutput.Bytes(output),
        }).Run();
        if (!result.Succeeded)
        {
            throw AriadneException.GitFailed("cat-file --batch", result.Error);
        }

        output.Position = 0;
        var results = new List<string>(names.Count);
        foreach (var name in names)
        {
            var header = ReadLine(output);
            var parts = header.Split(' ');
            if (parts.Length < 3 || parts[1] != "blob")
            {
                throw AriadneException.GitFailed($"cat-file {name}", header);
            }

            var size = int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture);
            var buffer = new byte[size];
            output.ReadExactly(buffer);
            output.ReadByte();
            results.Add(Encoding.UTF8.GetString(buffer));
        }

        return results;
    }

    private static string ReadLine(Stream stream)
    {
        var bytes = new List<byte>();
        int b;
        while ((b = stream.ReadByte()) >= 0 && b != '\n')
        {
            bytes.Add((byte)b);
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    private string Run(params string[] arguments)
    {
        var result = Command(arguments).Run();
        return result.ExitCode == 0 ? result.Output : throw AriadneException.GitFailed(string.Join(' ', arguments), result.Error);
    }

    private bool TryRun(IReadOnlyList<string> arguments)
    {
        try
        {
            return Command(arguments).Run().ExitCode == 0;
        }
        catch (AriadneException)
        {
            // git is not installed.
            return false;
        }
    }

    private ProcessCommand Command(IReadOnlyList<string> arguments) =>
        new("git", ["-c", "core.quotepath=off", .. arguments]) { WorkingDirectory = workingFolder, Environment = Quiet };

    private static string Quote(string revision) =>
        revision.StartsWith('-') || revision.Any(char.IsWhiteSpace)
            ? throw AriadneException.InvalidArgument($"'{revision}' is not a git revision.")
            : revision;
}
