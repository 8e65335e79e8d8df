namespace Ariadne.RunContext;

/// <summary>
/// Reads <see cref="GitState"/> through the git client (<see cref="Workspace.GitRepository"/>). Every call is bounded by a timeout and runs
/// without optional locks, so capture never blocks on, or interferes with, the user's own git commands.
/// </summary>
internal static class GitProbe
{
    private static readonly TimeSpan QuickTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan TreeTimeout = TimeSpan.FromSeconds(10);

    // Settings that would change the shape of the output: paths relative to a subfolder, a/ b/ prefixes, colour.
    private static readonly string[] Common =
    [
        "-c", "core.quotepath=off",
        "-c", "color.ui=false",
        "-c", "diff.relative=false",
        "-c", "diff.noprefix=false",
        "-c", "diff.mnemonicPrefix=false",
    ];

    public static async Task<GitState?> CaptureAsync(string workingDirectory)
    {
        var status = Git(workingDirectory, TreeTimeout, "status", "--porcelain=v2", "--branch", "-z", "--untracked-files=normal", "--ignore-submodules=none");
        var root = Git(workingDirectory, QuickTimeout, "rev-parse", "--show-toplevel");
        var remotes = Git(workingDirectory, QuickTimeout, "config", "--get-regexp", @"^remote\..*\.url$");
        var diff = Git(workingDirectory, TreeTimeout, GitState.MaxDiffChars, "diff", "HEAD", "--binary", "--no-color", "--no-ext-diff", "--no-textconv");

        var statusOutput = await status.ConfigureAwait(false);
        if (statusOutput is not { } parsedStatus)
        {
            // Not a repository, git missing, or too slow: nothing to record. Let the other calls finish in the background.
            _ = Task.WhenAll(root, remotes, diff);
            return null;
        }

        var state = ParseStatus(parsedStatus.Text);
        var remote = ChooseRemote((await remotes.ConfigureAwait(false))?.Text);
        var diffOutput = await diff.ConfigureAwait(false);
        var rootOutput = await root.ConfigureAwait(false);
        return new GitState
        {
            Root = rootOutput?.Text.TrimEnd('\n', '\r'),
            Commit = state.Commit,
            Branch = state.Branch,
            IsDetached = state.Detached,
            RemoteName = remote?.Name,
            RemoteUrl = remote is null ? null : StripCredentials(remote.Value.Url),
            IsDirty = state.Dirty,

            // In a repository without commits 'diff HEAD' fails: everything is new, so there is nothing to diff against.
            Diff = diffOutput?.Text ?? (state.Commit is null ? "" : null),
            DiffTruncated = diffOutput?.Truncated ?? false,
            UntrackedFiles = state.Untracked.Take(GitState.MaxUntrackedFiles).ToList(),
            UntrackedCount = state.Untracked.Count,
        };
    }

    private static Task<ToolOutput?> Git(string workingDirectory, TimeSpan timeout, params string[] arguments) =>
        Git(workingDirectory, timeout, int.MaxValue, arguments);

    private static Task<ToolOutput?> Git(string workingDirectory, TimeSpan timeout, int maxChars, params string[] arguments) =>
        new Workspace.GitRepository(workingDirectory).TryReadAsync(timeout, maxChars, [.. Common, .. arguments]);

    /// <summary>Parses <c>git status --porcelain=v2 --branch -z</c>.</summary>
    internal static (string? Commit, string? Branch, bool Detached, bool Dirty, List<string> Untracked) ParseStatus(string output)
    {
        string? commit = null;
        string? branch = null;
        var detached = false;
        var dirty = false;
        var untracked = new List<string>();
        var entries = output.Split('\0');
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            if (entry.StartsWith("# branch.oid ", StringComparison.Ordinal))
            {
                var oid = entry["# branch.oid ".Length..];
                commit = oid == "(initial)" ? null : oid;
            }
            else if (entry.StartsWith("# branch.head ", StringComparison.Ordinal))
            {
                var head = entry["# branch.head ".Length..];
                detached = head == "(detached)";
                branch = detached ? null : head;
            }
            else if (entry.StartsWith("? ", StringComparison.Ordinal))
            {
                untracked.Add(entry[2..]);
            }
            else if (entry.StartsWith("1 ", StringComparison.Ordinal) || entry.StartsWith("u ", StringComparison.Ordinal))
            {
                dirty = true;
            }
            else if (entry.StartsWith("2 ", StringComparison.Ordinal))
            {
                // A rename or copy: the next NUL-separated field is the original path.
                dirty = true;
                i++;
            }
        }

        return (commit, branch, detached, dirty, untracked);
    }

    /// <summary>Picks <c>origin</c>, or else the first remote, from <c>git config --get-regexp '^remote\..*\.url$'</c>.</summary>
    internal static (string Name, string Url)? ChooseRemote(string? configOutput)
    {
        if (string.IsNullOrEmpty(configOutput))
        {
            return null;
        }

        (string Name, string Url)? first = null;
        foreach (var line in configOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0)
            {
                continue;
            }

            var key = line[..space];
            if (!key.StartsWith("remote.", StringComparison.OrdinalIgnoreCase) || !key.EndsWith(".url", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var remote = (Name: key["remote.".Length..^".url".Length], Url: line[(space + 1)..]);
            if (remote.Name == "origin")
            {
                return remote;
            }

            first ??= remote;
        }

        return first;
    }

    /// <summary>
    /// Removes credentials from a remote URL: all user information from http(s) URLs (a token is often passed as
    /// the user name), the password from other URLs with a scheme. scp-like <c>git@host:path</c> names carry no secret and stay.
    /// </summary>
    public static string StripCredentials(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            return url;
        }

        var authorityStart = schemeEnd + 3;
        var authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart);
        if (authorityEnd < 0)
        {
            authorityEnd = url.Length;
        }

        var at = url.LastIndexOf('@', authorityEnd - 1, authorityEnd - authorityStart);
        if (at < 0)
        {
            return url;
        }

        var scheme = url[..schemeEnd];
        var userInfo = url[authorityStart..at];
        var keep = "";
        if (!scheme.StartsWith("http", StringComparison.OrdinalIgnoreCase))
        {
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            keep = (colon < 0 ? userInfo : userInfo[..colon]) + "@";
        }

        return url[..authorityStart] + keep + url[(at + 1)..];
    }
}
