using System.Collections.Concurrent;
using Ariadne.Content;
using Ariadne.Remotes;

namespace Ariadne.Workspace;

/// <summary><c>ariadne verify [--remote NAME]</c>: re-hashes every object in the cache or on a remote.</summary>
public sealed class Verification(DataWorkspace workspace, IProgressReporter? progress = null)
{
    private readonly IProgressReporter _progress = progress ?? NoProgress.Instance;

    public VerifyResult VerifyCache()
    {
        var objects = workspace.Cache.EnumerateObjects().ToList();
        var corrupt = new ConcurrentBag<string>();
        using var task = _progress.Start("Verifying cache", objects.Count, ProgressUnit.Items);
        ParallelWork.ForEach(objects, hash =>
        {
            if (!workspace.Cache.Verify(hash, out var actual))
            {
                corrupt.Add($"{hash.Hex} (content hashes to {actual.Hex})");
            }

            task.Advance(1);
        });
        return new VerifyResult("the cache", objects.Count, [.. corrupt.Order(StringComparer.Ordinal)], MissingFromCache());
    }

    public async Task<VerifyResult> VerifyRemoteAsync(string? remoteName, CancellationToken cancellationToken)
    {
        var settings = workspace.ResolveRemote(remoteName);
        var store = ObjectStoreRegistry.Open(settings);
        var referenced = Referenced();
        var objects = new HashSet<ContentHash>();
        if (store is IObjectListing listing)
        {
            await foreach (var stored in listing.ListAsync(cancellationToken).ConfigureAwait(false))
            {
                objects.Add(stored.Hash);
            }
        }
        else
        {
            objects.UnionWith(referenced);
        }

        var corrupt = new ConcurrentBag<string>();
        var missing = new ConcurrentBag<string>();
        using var task = _progress.Start($"Verifying {settings.Name}", objects.Count, ProgressUnit.Items);
        await Parallel.ForEachAsync(objects, new ParallelOptions { MaxDegreeOfParallelism = workspace.Config.Jobs, CancellationToken = cancellationToken }, async (hash, ct) =>
        {
            try
            {
                await using var stream = await store.OpenReadAsync(hash, ct).ConfigureAwait(false);
                var actual = await Task.Run(() => ContentHasher.HashStream(stream), ct).ConfigureAwait(false);
                if (actual != hash)
                {
                    corrupt.Add($"{hash.Hex} (content hashes to {actual.Hex})");
                }
            }
            catch (AriadneException e) when (e.Code == ErrorCode.ObjectNotFound)
            {
                missing.Add(hash.Hex);
            }

            task.Advance(1);
        }).ConfigureAwait(false);
        if (store is IObjectListing)
        {
            foreach (var hash in referenced.Where(h => !objects.Contains(h)))
            {
                missing.Add(hash.Hex);
            }
        }

        return new VerifyResult($"remote '{settings.Name}'", objects.Count, [.. corrupt.Order(StringComparer.Ordinal)], [.. missing.Order(StringComparer.Ordinal)]);
    }

    private HashSet<ContentHash> Referenced()
    {
        var referenced = new HashSet<ContentHash>();
        foreach (var pointerFile in workspace.FindPointerFiles())
        {
            var pointer = workspace.ReadOutput(pointerFile).Pointer;
            referenced.Add(pointer.Hash);
            if (pointer.Kind == PointerKind.Folder && workspace.Cache.Contains(pointer.Hash))
            {
                referenced.UnionWith(FolderManifest.Load(workspace.Cache, pointer.Hash).Entries.Select(e => e.Hash));
            }
        }

        return referenced;
    }

    private List<string> MissingFromCache() =>
        [.. Referenced().Where(h => !workspace.Cache.Contains(h)).Select(h => h.Hex).Order(StringComparer.Ordinal)];
}
