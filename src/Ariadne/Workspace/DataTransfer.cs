using System.Collections.Concurrent;
using Ariadne.Content;
using Ariadne.Remotes;

namespace Ariadne.Workspace;

/// <summary>
/// <c>push</c>, <c>fetch</c> and <c>pull</c>: move only the objects the other side lacks, several at a time. Every
/// object that comes down is hashed on the way in and kept only when it matches its name; every object that goes up
/// is hashed before it is sent, and a corrupt one is refused, never uploaded. Sealed parts go with the sealed pointers
/// that name them (<see cref="SealedObjects"/>), but are never checked out.
/// </summary>
internal sealed class DataTransfer(DataWorkspace workspace, IProgressReporter? progress = null)
{
    private const int ListingThreshold = 64;
    private readonly IProgressReporter _progress = progress ?? NoProgress.Instance;

    public async Task<TransferResult> PushAsync(string? remoteName, IReadOnlyCollection<string> targets, CancellationToken cancellationToken)
    {
        var settings = workspace.ResolveRemote(remoteName);
        var store = ObjectStoreRegistry.Open(settings);
        using var held = workspace.Lock();
        var failed = new ConcurrentBag<string>();
        var wanted = new HashSet<ContentHash>();
        foreach (var output in PushedOutputs(targets))
        {
            wanted.UnionWith(ObjectsOf(output, failed));
        }

        if (targets.Count == 0)
        {
            // Sealed parts of split folders that no pointer file tracks (made by 'data split' or a pipeline stage).
            wanted.UnionWith(SealedObjects.OnDisk(workspace));
        }

        var local = wanted.Where(h => workspace.Cache.Contains(h)).ToList();
        foreach (var hash in wanted.Where(h => !workspace.Cache.Contains(h)))
        {
            failed.Add($"{hash.Hex}: not in the local cache");
        }

        var present = await PresentAsync(store, local, cancellationToken).ConfigureAwait(false);

        var missing = local.Where(h => !present.Contains(h)).ToList();
        long bytes = 0;
        var moved = 0;
        using var task = _progress.Start($"Pushing to {settings.Name}", missing.Sum(h => new FileInfo(workspace.Cache.PathOf(h)).Length), ProgressUnit.Bytes);
        await Parallel.ForEachAsync(missing, Options(cancellationToken), async (hash, ct) =>
        {
            var size = new FileInfo(workspace.Cache.PathOf(hash)).Length;
            string? upload = null;
            var temporary = false;
            try
            {
                upload = await Task.Run(() => workspace.Cache.PrepareUpload(hash, out temporary), ct).ConfigureAwait(false);
                await store.PutAsync(hash, upload, ct).ConfigureAwait(false);
                Interlocked.Add(ref bytes, size);
                Interlocked.Increment(ref moved);
            }
            catch (AriadneException e) when (e.Code == ErrorCode.ObjectCorrupt)
            {
                failed.Add($"{hash.Hex}: not uploaded: {e.Message}");
            }
            catch (AriadneException e)
            {
                failed.Add($"{hash.Hex}: {e.Message}");
            }
            finally
            {
                if (temporary && upload is not null)
                {
                    File.Delete(upload);
                }
            }

            task.Advance(size);
        }).ConfigureAwait(false);
        return new TransferResult(settings.Name, moved, bytes, local.Count - missing.Count, [.. failed.Order(StringComparer.Ordinal)]);
    }

    /// <summary>
    /// What <c>push</c> (with no targets) would still send, found by asking the remote without moving anything: each
    /// tracked path (pointer files and the cached outputs in <c>ariadne.lock</c>) with objects the remote lacks, and
    /// the sealed parts lying in the workspace. An object missing from the local cache too is asked for all the same.
    /// </summary>
    public async Task<UnpushedData> UnpushedAsync(string? remoteName, CancellationToken cancellationToken)
    {
        var settings = workspace.ResolveRemote(remoteName);
        var store = ObjectStoreRegistry.Open(settings);
        var notes = new ConcurrentBag<string>();
        var outputs = PushedOutputs([]).Select(o => (o.RelativePath, Objects: ObjectsOf(o, notes).Distinct().ToList())).ToList();
        outputs.Add(("sealed parts", [.. SealedObjects.OnDisk(workspace).Distinct()]));
        var all = outputs.SelectMany(o => o.Objects).Distinct().ToList();
        var present = await PresentAsync(store, all, cancellationToken).ConfigureAwait(false);
        var missing = outputs.Select(o => new UnpushedOutput(o.RelativePath, o.Objects.Count(h => !present.Contains(h)), o.Objects.Count))
            .Where(o => o.Missing > 0)
            .ToList();
        return new UnpushedData(settings.Name, store.Description, outputs.Count(o => o.Objects.Count > 0), all.Count, missing, [.. notes.Order(StringComparer.Ordinal)]);
    }

    public async Task<TransferResult> FetchAsync(string? remoteName, IReadOnlyCollection<string> targets, CancellationToken cancellationToken)
    {
        using var held = workspace.Lock();
        return await FetchLockedAsync(remoteName, targets, cancellationToken).ConfigureAwait(false);
    }

    public async Task<TransferResult> PullAsync(string? remoteName, IReadOnlyCollection<string> targets, bool force, CancellationToken cancellationToken)
    {
        using var held = workspace.Lock();
        var fetched = await FetchLockedAsync(remoteName, targets, cancellationToken).ConfigureAwait(false);
        var checkout = new WorkspaceCheckout(workspace, _progress).CheckoutLocked(targets, force);
        return fetched with { Checkout = checkout };
    }

    private async Task<TransferResult> FetchLockedAsync(string? remoteName, IReadOnlyCollection<string> targets, CancellationToken cancellationToken)
    {
        var settings = workspace.ResolveRemote(remoteName);
        var store = ObjectStoreRegistry.Open(settings);
        var failed = new ConcurrentBag<string>();
        var outputs = Outputs(targets);
        // Manifests first: they say which file objects a folder needs.
        var first = outputs.Select(o => o.Pointer.Hash).Distinct().ToList();
        var (m1, b1, a1) = await DownloadAsync(store, settings.Name, first, failed, cancellationToken).ConfigureAwait(false);
        var folders = outputs.Where(o => o.Pointer.Kind == PointerKind.Folder && workspace.Cache.Contains(o.Pointer.Hash))
            .Select(o => FolderManifest.Load(workspace.Cache, o.Pointer.Hash).Entries).ToList();
        var files = folders.SelectMany(entries => entries.Select(e => e.Hash)).Distinct().ToList();
        var (m2, b2, a2) = await DownloadAsync(store, settings.Name, files, failed, cancellationToken).ConfigureAwait(false);
        // Then the sealed parts their sealed pointers name, and those of the split folders lying in the workspace.
        var sealedParts = new HashSet<ContentHash>(folders.SelectMany(entries => SealedObjects.InFolder(workspace.Cache, entries)));
        if (targets.Count == 0)
        {
            sealedParts.UnionWith(SealedObjects.OnDisk(workspace));
        }

        var (m3, b3, a3) = await DownloadAsync(store, settings.Name, [.. sealedParts], failed, cancellationToken).ConfigureAwait(false);
        return new TransferResult(settings.Name, m1 + m2 + m3, b1 + b2 + b3, a1 + a2 + a3, [.. failed.Order(StringComparer.Ordinal)]);
    }

    private async Task<(int Moved, long Bytes, int Already)> DownloadAsync(IObjectStore store, string remote, List<ContentHash> hashes, ConcurrentBag<string> failed, CancellationToken cancellationToken)
    {
        var missing = hashes.Where(h => !workspace.Cache.Contains(h)).ToList();
        var moved = 0;
        long bytes = 0;
        using var task = _progress.Start($"Fetching from {remote}", missing.Count, ProgressUnit.Items);
        await Parallel.ForEachAsync(missing, Options(cancellationToken), async (hash, ct) =>
        {
            try
            {
                await using var stream = await store.OpenReadAsync(hash, ct).ConfigureAwait(false);
                await workspace.Cache.ImportAsync(hash, stream, $"remote '{remote}' ({store.Description})", ct).ConfigureAwait(false);
                Interlocked.Add(ref bytes, new FileInfo(workspace.Cache.PathOf(hash)).Length);
                Interlocked.Increment(ref moved);
            }
            catch (AriadneException e)
            {
                failed.Add($"{hash.Hex}: {e.Message}");
            }

            task.Advance(1);
        }).ConfigureAwait(false);
        return (moved, bytes, hashes.Count - missing.Count);
    }

    private async Task<HashSet<ContentHash>> PresentAsync(IObjectStore store, List<ContentHash> hashes, CancellationToken cancellationToken)
    {
        var present = new HashSet<ContentHash>();
        if (hashes.Count > ListingThreshold && store is IObjectListing listing)
        {
            // An object whose size differs from ours was left half-written: upload it again. One we lack is there when listed.
            await foreach (var stored in listing.ListAsync(cancellationToken).ConfigureAwait(false))
            {
                var local = workspace.Cache.PathOf(stored.Hash);
                if (!File.Exists(local) || new FileInfo(local).Length == stored.Size)
                {
                    present.Add(stored.Hash);
                }
            }

            return present;
        }

        var found = new ConcurrentBag<ContentHash>();
        await Parallel.ForEachAsync(hashes, Options(cancellationToken), async (hash, ct) =>
        {
            if (await store.ExistsAsync(hash, ct).ConfigureAwait(false))
            {
                found.Add(hash);
            }
        }).ConfigureAwait(false);
        present.UnionWith(found);
        return present;
    }

    /// <summary>The pointer files of <paramref name="targets"/>; with none, every pointer file and the cached outputs <c>ariadne.lock</c> records.</summary>
    private List<TrackedOutput> PushedOutputs(IReadOnlyCollection<string> targets) =>
        targets.Count == 0 ? [.. Outputs(targets), .. Pipelines.LockedOutputs.Cached(workspace)] : Outputs(targets);

    /// <summary>The objects a tracked path needs: its own, and for a folder its files' and the sealed parts its sealed pointers name.</summary>
    private IEnumerable<ContentHash> ObjectsOf(TrackedOutput output, ConcurrentBag<string> failed)
    {
        yield return output.Pointer.Hash;
        if (output.Pointer.Kind != PointerKind.Folder)
        {
            yield break;
        }

        if (!workspace.Cache.Contains(output.Pointer.Hash))
        {
            failed.Add($"{output.RelativePath}: folder manifest {output.Pointer.Hash.Short} is not in the cache");
            yield break;
        }

        var entries = FolderManifest.Load(workspace.Cache, output.Pointer.Hash).Entries;
        foreach (var hash in entries.Select(e => e.Hash).Concat(SealedObjects.InFolder(workspace.Cache, entries)))
        {
            yield return hash;
        }
    }

    private List<TrackedOutput> Outputs(IReadOnlyCollection<string> targets) =>
        [.. workspace.SelectPointerFiles(targets).Select(workspace.ReadOutput)];

    private ParallelOptions Options(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = workspace.Config.Jobs, CancellationToken = cancellationToken };
}
