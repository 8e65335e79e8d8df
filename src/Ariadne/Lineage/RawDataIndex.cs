using Ariadne.Content;
using Ariadne.Workspace;

namespace Ariadne.Lineage;

/// <summary>
/// Where raw data and code come from, as the workspace and its git history tell it: the pointer files that track a
/// hash (in the working tree, or in any commit when none does now) with the commits that wrote the hash into them,
/// and whether a file read by a run is in git, with the same bytes, at the commit the run recorded.
/// </summary>
internal sealed class RawDataIndex(DataWorkspace? workspace)
{
    private readonly Dictionary<string, HashSet<string>> _filesAt = new(StringComparer.Ordinal);
    private Dictionary<string, List<string>>? _pointers;

    private GitRepository? Git => workspace?.GitRoot is null ? null : new GitRepository(workspace.Root);

    /// <summary>Pointer files that track <paramref name="hash"/>, each with the commits that wrote the hash into it.</summary>
    public IReadOnlyList<PointerRecord> PointersOf(string hash)
    {
        if (workspace is null)
        {
            return [];
        }

        _pointers ??= CurrentPointers(workspace);
        var git = Git;
        var records = new List<PointerRecord>();
        if (_pointers.TryGetValue(hash, out var paths))
        {
            records.AddRange(paths.Select(path => new PointerRecord(path, git is null ? [] : [.. Commits(git, hash, path, allRefs: false).Select(c => c.Record)])));
        }
        else if (git is not null)
        {
            // Not tracked now: a pointer file in some commit may have tracked these bytes.
            var history = Commits(git, hash, "*" + PointerFile.Extension, allRefs: true);
            records.AddRange(history.SelectMany(c => c.Paths.Select(p => (Path: p, Commit: c.Record)))
                .GroupBy(x => x.Path, StringComparer.Ordinal)
                .Select(g => new PointerRecord(g.Key, [.. g.Select(x => x.Commit)])));
        }

        return records;
    }

    /// <summary>
    /// Whether <paramref name="path"/> is in git at <paramref name="commit"/>: a file with exactly the bytes of
    /// <paramref name="hash"/>, or a folder (whose manifest hash git cannot confirm).
    /// </summary>
    public bool InGit(string commit, string path, string hash, out bool folder)
    {
        folder = false;
        if (Git is not { } git || !git.IsCommit(commit))
        {
            return false;
        }

        if (!_filesAt.TryGetValue(commit, out var files))
        {
            _filesAt[commit] = files = new HashSet<string>(git.FilesAt(commit), StringComparer.Ordinal);
        }

        if (files.Contains(path))
        {
            return git.BytesAt(commit, path) is { } bytes && ContentHasher.HashBytes(bytes).Hex == hash;
        }

        var prefix = path.TrimEnd('/') + "/";
        folder = files.Any(f => f.StartsWith(prefix, StringComparison.Ordinal));
        return folder;
    }

    /// <summary>The commits that wrote <paramref name="hash"/> into a pointer file (not those that took it out), with the pointer files.</summary>
    private static List<(GitCommitRecord Record, IReadOnlyList<string> Paths)> Commits(GitRepository git, string hash, string pathspec, bool allRefs)
    {
        IReadOnlyList<(string Commit, string Date, string Subject, IReadOnlyList<string> Paths)> changes;
        try
        {
            changes = git.CommitsChanging(hash, pathspec, allRefs);
        }
        catch (AriadneException e) when (e.Code == ErrorCode.GitFailed)
        {
            return []; // a repository without commits yet
        }

        return [.. changes
            .Select(c => (c, Paths: (IReadOnlyList<string>)[.. c.Paths.Where(p => git.FileAt(c.Commit, p)?.Contains(hash, StringComparison.Ordinal) == true)]))
            .Where(x => x.Paths.Count > 0)
            .Select(x => (new GitCommitRecord(x.c.Commit, x.c.Date, x.c.Subject), x.Paths))];
    }

    private static Dictionary<string, List<string>> CurrentPointers(DataWorkspace workspace)
    {
        var pointers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var file in workspace.FindPointerFiles())
        {
            try
            {
                var pointer = PointerFile.Read(file);
                (pointers.TryGetValue(pointer.Hash.Hex, out var list) ? list : pointers[pointer.Hash.Hex] = []).Add(workspace.Relative(file));
            }
            catch (AriadneException)
            {
                // A malformed pointer file tracks nothing lineage can use; 'ariadne status' reports it.
            }
        }

        return pointers;
    }
}
