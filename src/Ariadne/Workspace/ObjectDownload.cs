using System.Collections.Concurrent;
using Ariadne.Content;
using Ariadne.Remotes;

namespace Ariadne.Workspace;

/// <summary>
/// Brings the objects of one tracked path from a remote into a cache, each hashed on the way in and kept only when it
/// matches its name: the manifest of a folder first, then the files it lists (several at a time, progress in bytes).
/// Anything that could not be brought is an error naming the objects; what did arrive stays valid in the cache.
/// </summary>
internal sealed class ObjectDownload(ObjectCache cache, RemoteSettings remote, int jobs, IProgressReporter progress)
{
    private readonly IObjectStore _store = ObjectStoreRegistry.Open(remote);

    /// <summary>Downloads what <paramref name="pointer"/> needs; returns the number of objects and bytes that came down.</summary>
    public async Task<(int Objects, long Bytes)> FetchAsync(PointerFile pointer, string what, CancellationToken cancellationToken)
    {
        var (objects, bytes) = await FetchAsync([new ManifestEntry("", pointer.Hash, pointer.Kind == PointerKind.File ? pointer.Size : 0)], what, cancellationToken).ConfigureAwait(false);
        if (pointer.Kind == PointerKind.File)
        {
            return (objects, bytes);
        }

        var entries = FolderManifest.Load(cache, pointer.Hash).Entries.DistinctBy(e => e.Hash).ToList();
        var (more, moreBytes) = await FetchAsync(entries, what, cancellationToken).ConfigureAwait(false);
        return (objects + more, bytes + moreBytes);
    }

    private async Task<(int Objects, long Bytes)> FetchAsync(IReadOnlyList<ManifestEntry> wanted, string what, CancellationToken cancellationToken)
    {
        var missing = wanted.Where(e => !cache.Contains(e.Hash)).ToList();
        if (missing.Count == 0)
        {
            return (0, 0);
        }

        var failed = new ConcurrentBag<string>();
        var moved = 0;
        long bytes = 0;
        using var task = progress.Start($"Downloading {what}", missing.Sum(e => e.Size), ProgressUnit.Bytes);
        await Parallel.ForEachAsync(missing, new ParallelOptions { MaxDegreeOfParallelism = jobs, CancellationToken = cancellationToken }, async (entry, ct) =>
        {
            try
            {
                await using var stream = await _store.OpenReadAsync(entry.Hash, ct).ConfigureAwait(false);
                await cache.ImportAsync(entry.Hash, stream, $"remote '{remote.Name}' ({_store.Description})", ct).ConfigureAwait(false);
                Interlocked.Add(ref bytes, new FileInfo(cache.PathOf(entry.Hash)).Length);
                Interlocked.Increment(ref moved);
            }
            catch (AriadneException e)
            {
                failed.Add(e.Message);
            }

            task.Advance(entry.Size);
        }).ConfigureAwait(false);
        if (!failed.IsEmpty)
        {
            var problems = failed.Order(StringComparer.Ordinal).ToList();
            throw new AriadneException(ErrorCode.ObjectNotFound, $"{problems.Count} object(s) of {what} could not be downloaded from remote '{remote.Name}' ({_store.Description}); nothing was written. First: {problems[0]} Ask the repository's owner to run 'ariadne push'.");
        }

        return (moved, bytes);
    }
}
