using System.Collections.Concurrent;
using Ariadne.Content;
using Ariadne.Remotes;

namespace Ariadne.Workspace;

/// <summary>
/// <c>ariadne verify [--remote NAME] [--repair]</c>: re-hashes every object in the cache or on a remote. A corrupt
/// cache object is reported with the tracked paths that use it (and the one that changed it through a hard link) and
/// the remotes that hold a copy; <c>--repair</c> replaces corrupt and missing objects with verified copies from them.
/// </summary>
internal sealed class Verification(DataWorkspace workspace, IProgressReporter? progress = null)
{
    private readonly IProgressReporter _progress = progress ?? NoProgress.Instance;

    public VerifyResult VerifyCache() => VerifyCacheAsync(repair: false, CancellationToken.None).GetAwaiter().GetResult();

    public async Task<VerifyResult> VerifyCacheAsync(bool repair, CancellationToken cancellationToken)
    {
        var cache = workspace.Cache;
        var objects = cache.EnumerateObjects().ToList();
        var corrupt = new ConcurrentDictionary<ContentHash, ContentHash>();
        using (var task = _progress.Start("Verifying cache", objects.Count, ProgressUnit.Items))
        {
            ParallelWork.ForEach(objects, hash =>
            {
                if (!cache.Verify(hash, out var actual))
                {
                    corrupt[hash] = actual;
                }

                task.Advance(1);
            });
        }

        var users = Users();
        var missing = users.Keys.Where(h => !cache.Contains(h)).ToHashSet();
        var bad = corrupt.Keys.Concat(missing).ToList();
        var holders = bad.Count == 0 ? new Dictionary<ContentHash, List<string>>() : await HoldersAsync(bad, cancellationToken).ConfigureAwait(false);
        var repaired = new List<string>();
        if (repair)
        {
            foreach (var hash in bad.Order())
            {
                if (await RepairAsync(hash, holders.GetValueOrDefault(hash) ?? [], cancellationToken).ConfigureAwait(false) is { } from)
                {
                    repaired.Add($"{hash.Hex} ({(corrupt.ContainsKey(hash) ? "corrupt" : "missing")}; verified copy from remote '{from}')");
                    corrupt.TryRemove(hash, out _);
                    missing.Remove(hash);
                }
            }
        }

        var described = corrupt.Select(kv => Describe(kv.Key, kv.Value, users.GetValueOrDefault(kv.Key) ?? [], holders.GetValueOrDefault(kv.Key) ?? [])).Order(StringComparer.Ordinal).ToList();
        return new VerifyResult("the cache", objects.Count, described, [.. missing.Select(h => h.Hex).Order(StringComparer.Ordinal)]) { Repaired = repaired };
    }

    private string Describe(ContentHash hash, ContentHash actual, List<string> usedBy, List<string> holders)
    {
        var text = new System.Text.StringBuilder($"{hash.Hex} (content hashes to {actual.Hex}");
        var linked = usedBy.Where(p => workspace.Cache.IsLinkedTo(Path.Combine(workspace.Root, p), hash)).ToList();
        if (linked.Count > 0)
        {
            text.Append($"; changed through the hard link at {string.Join(", ", linked)}");
        }

        var others = usedBy.Except(linked).ToList();
        if (others.Count > 0)
        {
            text.Append($"; used by {string.Join(", ", others.Take(5))}{(others.Count > 5 ? ", ..." : "")}");
        }

        text.Append(holders.Count > 0
            ? $"; a copy is on remote {string.Join(", ", holders.Select(h => $"'{h}'"))}: 'ariadne verify --repair' fetches it"
            : workspace.Config.RemoteNames.Any() ? "; no remote holds a copy" : "; no remote is configured");
        return text.Append(')').ToString();
    }

    /// <summary>For each object, the configured remotes (the default first) that hold it, as far as they answer.</summary>
    private async Task<Dictionary<ContentHash, List<string>>> HoldersAsync(List<ContentHash> hashes, CancellationToken cancellationToken)
    {
        var result = hashes.ToDictionary(h => h, _ => new List<string>());
        var names = workspace.Config.RemoteNames.OrderBy(n => n == workspace.Config.DefaultRemote ? 0 : 1).ToList();
        foreach (var name in names)
        {
            IObjectStore store;
            try
            {
                store = ObjectStoreRegistry.Open(workspace.ResolveRemote(name));
            }
            catch (AriadneException)
            {
                continue;
            }

            foreach (var hash in hashes)
            {
                try
                {
                    if (await store.ExistsAsync(hash, cancellationToken).ConfigureAwait(false))
                    {
                        result[hash].Add(name);
                    }
                }
                catch (Exception e) when (e is AriadneException or IOException or HttpRequestException)
                {
                    break; // An unreachable remote holds nothing we can use now.
                }
            }
        }

        return result;
    }

    /// <summary>Replaces the object with the first copy from <paramref name="holders"/> that hashes to its name; returns that remote.</summary>
    private async Task<string?> RepairAsync(ContentHash hash, List<string> holders, CancellationToken cancellationToken)
    {
        foreach (var name in holders)
        {
            try
            {
                var store = ObjectStoreRegistry.Open(workspace.ResolveRemote(name));
                await using var stream = await store.OpenReadAsync(hash, cancellationToken).ConfigureAwait(false);
                await workspace.Cache.ImportAsync(hash, stream, $"remote '{name}' ({store.Description})", replace: true, cancellationToken).ConfigureAwait(false);
                return name;
            }
            catch (Exception e) when (e is AriadneException or IOException or HttpRequestException)
            {
                // That copy is corrupt or unreachable: try the next remote.
            }
        }

        return null;
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

    private HashSet<ContentHash> Referenced() => [.. Users().Keys];

    /// <summary>Every object the pointer files reference, with the workspace paths that use it.</summary>
    private Dictionary<ContentHash, List<string>> Users()
    {
        var users = new Dictionary<ContentHash, List<string>>();
        void Use(ContentHash hash, string path)
        {
            if (!users.TryGetValue(hash, out var list))
            {
                users[hash] = list = [];
            }

            list.Add(path);
        }

        foreach (var pointerFile in workspace.FindPointerFiles())
        {
            var output = workspace.ReadOutput(pointerFile);
            var pointer = output.Pointer;
            Use(pointer.Hash, output.RelativePath);
            if (pointer.Kind == PointerKind.Folder && workspace.Cache.Contains(pointer.Hash))
            {
                try
                {
                    foreach (var entry in FolderManifest.Load(workspace.Cache, pointer.Hash).Entries)
                    {
                        Use(entry.Hash, output.RelativePath + "/" + entry.Path);
                    }
                }
                catch (AriadneException e) when (e.Code == ErrorCode.MalformedManifest)
                {
                    // A corrupt manifest is reported as corrupt; its files cannot be listed until it is repaired.
                }
            }
        }

        return users;
    }
}
