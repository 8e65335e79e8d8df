using Ariadne.Content;
using Ariadne.Remotes;
using Ariadne.Workspace;

namespace Ariadne.Reproduction;

/// <summary>
/// Makes sure the bytes of every recorded input are in the workspace's content cache, fetching what is missing from
/// the remotes (the default first). Checked before anything is written: when some input is in neither the cache nor
/// any remote, the error lists each one and the remotes tried, and the cache is unchanged.
/// </summary>
internal sealed class InputRestore(DataWorkspace workspace)
{
    public async Task EnsureAsync(IReadOnlyList<RecordedInput> inputs, CancellationToken cancellationToken)
    {
        var remotes = RemoteOrder().Select(name => (Name: name, Store: ObjectStoreRegistry.Open(workspace.ResolveRemote(name)))).ToList();
        var missing = new List<(RecordedInput Input, ContentHash Hash)>();
        var sources = new Dictionary<ContentHash, IObjectStore>();
        foreach (var input in inputs)
        {
            foreach (var hash in await NeededAsync(input, remotes, cancellationToken).ConfigureAwait(false))
            {
                if (workspace.Cache.Contains(hash) || sources.ContainsKey(hash))
                {
                    continue;
                }

                IObjectStore? found = null;
                foreach (var (_, store) in remotes)
                {
                    if (await store.ExistsAsync(hash, cancellationToken).ConfigureAwait(false))
                    {
                        found = store;
                        break;
                    }
                }

                if (found is null)
                {
                    missing.Add((input, hash));
                }
                else
                {
                    sources[hash] = found;
                }
            }
        }

        if (missing.Count > 0)
        {
            var tried = remotes.Count == 0 ? "no remote is configured" : "remotes tried: " + string.Join(", ", remotes.Select(r => r.Name));
            throw AriadneException.InputsMissing(
                [.. missing.Select(m => m.Hash == m.Input.Hash ? m.Input.ToString() : $"{m.Input.Path}: file object {m.Hash.Hex}")], tried);
        }

        foreach (var (hash, store) in sources)
        {
            await using var stream = await store.OpenReadAsync(hash, cancellationToken).ConfigureAwait(false);
            await workspace.Cache.ImportAsync(hash, stream, $"remote ({store.Description})", cancellationToken).ConfigureAwait(false);
        }
    }

    private IEnumerable<string> RemoteOrder()
    {
        var names = workspace.Config.RemoteNames.ToList();
        if (workspace.Config.DefaultRemote is { } preferred && names.Remove(preferred))
        {
            names.Insert(0, preferred);
        }

        return names;
    }

    /// <summary>The objects an input needs: its own hash and, for a folder, every file its manifest names (the manifest fetched first when only a remote has it).</summary>
    private async Task<IReadOnlyList<ContentHash>> NeededAsync(RecordedInput input, List<(string Name, IObjectStore Store)> remotes, CancellationToken cancellationToken)
    {
        if (input.Kind != PointerKind.Folder)
        {
            return [input.Hash];
        }

        if (!workspace.Cache.Contains(input.Hash))
        {
            foreach (var (_, store) in remotes)
            {
                if (await store.ExistsAsync(input.Hash, cancellationToken).ConfigureAwait(false))
                {
                    await using var stream = await store.OpenReadAsync(input.Hash, cancellationToken).ConfigureAwait(false);
                    await workspace.Cache.ImportAsync(input.Hash, stream, $"remote ({store.Description})", cancellationToken).ConfigureAwait(false);
                    break;
                }
            }
        }

        return workspace.Cache.Contains(input.Hash)
            ? [input.Hash, .. FolderManifest.Load(workspace.Cache, input.Hash).Entries.Select(e => e.Hash)]
            : [input.Hash];
    }
}
