using Ariadne.Content;

namespace Ariadne.Workspace;

/// <summary>
/// <c>ariadne ls REPO [PATH]</c>: what a repository tracks, with sizes and hashes. REPO is a git URL, a local
/// repository, or <c>.</c> for the current workspace as it is on disk (with a revision: as it was committed). Naming a
/// tracked folder lists its files, read from the folder's manifest (the local cache, else the repository's remote).
/// </summary>
internal sealed class RepositoryListing(IProgressReporter? progress = null)
{
    private readonly IProgressReporter _progress = progress ?? NoProgress.Instance;

    public async Task<IReadOnlyList<ListedPath>> ListAsync(string repo, string? path, string? rev, string workingFolder, CancellationToken cancellationToken = default)
    {
        var prefix = path is null or "." or "./" or "" ? null : ExternalRepository.Normalize(path);
        if (repo == "." && rev is null)
        {
            var workspace = DataWorkspace.Open(workingFolder);
            var tracked = workspace.FindPointerFiles().Select(workspace.ReadOutput)
                .Select(o => new RepositoryEntry(o.RelativePath, workspace.Relative(o.PointerPath), o.Pointer)).ToList();
            return Select(tracked, prefix, repo, entry => FolderManifest.Load(workspace.Cache, entry.Pointer.Hash));
        }

        using var external = ExternalRepository.Open(repo, rev, workingFolder);
        var entries = external.Tracked();
        if (prefix is not null && SealedPointer.IsSealedAmong(prefix, external.Files))
        {
            throw SealedPointer.RefusedOutside(prefix, external.Repo);
        }

        var folder = prefix is null ? null : entries.FirstOrDefault(e => e.Path == prefix && e.Pointer.Kind == PointerKind.Folder);
        FolderManifest? manifest = null;
        if (folder is not null)
        {
            // Only the manifest comes down, into a throwaway cache: listing never downloads the data itself.
            var staging = Path.Combine(Path.GetTempPath(), "ariadne-ls-" + Guid.NewGuid().ToString("N")[..12]);
            try
            {
                var cache = new ObjectCache(Path.Combine(staging, "cache"), Path.Combine(staging, "tmp"), ObjectCache.DefaultLinkKinds);
                cache.EnsureCreated();
                var manifestOnly = folder.Pointer with { Kind = PointerKind.File, Size = 0 };
                await new ObjectDownload(cache, external.DefaultRemote(folder.Path), 1, _progress).FetchAsync(manifestOnly, $"the manifest of {folder.Path}", cancellationToken).ConfigureAwait(false);
                manifest = FolderManifest.Load(cache, folder.Pointer.Hash);
            }
            finally
            {
                if (Directory.Exists(staging))
                {
                    Directory.Delete(staging, recursive: true);
                }
            }
        }

        return Select(entries, prefix, external.Repo, _ => manifest!);
    }

    private static List<ListedPath> Select(IReadOnlyList<RepositoryEntry> entries, string? prefix, string repo, Func<RepositoryEntry, FolderManifest> manifestOf)
    {
        static ListedPath Listed(RepositoryEntry e) => new(e.Path, e.Pointer.Kind, e.Pointer.Hash, e.Pointer.Size, e.Pointer.Files, e.Pointer.Source);

        if (prefix is null)
        {
            return [.. entries.OrderBy(e => e.Path, StringComparer.Ordinal).Select(Listed)];
        }

        if (entries.FirstOrDefault(e => e.Path == prefix) is { } exact)
        {
            return exact.Pointer.Kind == PointerKind.File
                ? [Listed(exact)]
                : [.. manifestOf(exact).Entries.Select(f => new ListedPath(prefix + "/" + f.Path, PointerKind.File, f.Hash, f.Size, 1, null))];
        }

        var inside = entries.Where(e => e.Path.StartsWith(prefix + "/", StringComparison.Ordinal)).OrderBy(e => e.Path, StringComparer.Ordinal).Select(Listed).ToList();
        return inside.Count > 0
            ? inside
            : throw AriadneException.InvalidArgument($"Nothing is tracked at or under '{prefix}' in '{repo}'. 'ariadne ls {repo}' lists every tracked path.");
    }
}
