using Ariadne.Content;
using Ariadne.ModelCards;
using Ariadne.Registry;
using Ariadne.Remotes;
using Ariadne.Tracking;
using Ariadne.Workspace;

namespace Ariadne.ModelSharing;

/// <summary>
/// Moves a model version between workspaces through a remote (a folder or S3), as <c>push</c> and <c>pull</c> move
/// data: its files, its card and its record go to the remote as content objects, a <see cref="ModelPointer"/> goes to
/// git, and the other side fetches by hash, checks every byte, and registers the same version (same files, card, tags,
/// description) in its own registry with the alias.
/// </summary>
internal sealed class ModelShare(DataWorkspace workspace, ITrackingStore store)
{
    /// <summary>Tag on a pulled version: where it came from (<c>models:/NAME/VERSION</c> and the package hash).</summary>
    public const string PulledFromTag = "ariadne.pulled_from";

    public sealed record Outcome(ModelVersion Version, string PointerPath, string Package, int Objects, int Moved, long Bytes, string Remote);

    public async Task<Outcome> PushAsync(string model, string? remoteName, CancellationToken cancellationToken)
    {
        var uri = ModelUri.Parse(model);
        var pointerPath = ModelPointer.RelativePath(uri);
        var version = await uri.ResolveAsync(store, cancellationToken).ConfigureAwait(false);
        var (_, cardHash) = await ModelCardStore.WriteAsync(store, workspace, version.Name, version.Version, null, cancellationToken).ConfigureAwait(false);
        version = await store.GetModelVersionAsync(version.Name, version.Version, cancellationToken).ConfigureAwait(false);
        var registered = await store.GetRegisteredModelAsync(version.Name, cancellationToken).ConfigureAwait(false);
        var package = ModelPackage.From(registered, version, cardHash);
        var packageHash = workspace.Cache.StoreBytes(package.ToJson());

        var settings = workspace.ResolveRemote(remoteName);
        var remote = ObjectStoreRegistry.Open(settings);
        var objects = version.Files.Select(f => f.Hash).Append(cardHash).Append(packageHash.Hex).Distinct(StringComparer.Ordinal).Select(ContentHash.Parse).ToList();
        var missing = objects.Where(h => !workspace.Cache.Contains(h)).ToList();
        if (missing.Count > 0)
        {
            var file = version.Files.FirstOrDefault(f => f.Hash == missing[0].Hex)?.Path ?? missing[0].Hex;
            throw AriadneException.ObjectNotFound(missing[0].Hex, $"this workspace's cache (file '{file}' of {version.Uri}; {missing.Count} object(s) missing). Fetch the run's outputs ('ariadne pull') or push from the workspace that registered it");
        }

        var moved = 0;
        long bytes = 0;
        foreach (var hash in objects)
        {
            if (!await remote.ExistsAsync(hash, cancellationToken).ConfigureAwait(false))
            {
                var path = workspace.Cache.PathOf(hash);
                await remote.PutAsync(hash, path, cancellationToken).ConfigureAwait(false);
                moved++;
                bytes += new FileInfo(path).Length;
            }
        }

        new ModelPointer(version.Name, version.Version, uri.Alias, packageHash.Hex).Write(workspace, uri);
        return new Outcome(version, pointerPath, packageHash.Hex, objects.Count, moved, bytes, settings.Name);
    }

    public async Task<Outcome> PullAsync(string model, string? remoteName, CancellationToken cancellationToken)
    {
        var uri = ModelUri.Parse(model);
        var pointer = ModelPointer.Read(workspace, uri);
        var settings = workspace.ResolveRemote(remoteName);
        var remote = ObjectStoreRegistry.Open(settings);
        workspace.Cache.EnsureCreated();
        var (moved, bytes) = await FetchAsync(remote, [ContentHash.Parse(pointer.Package)], cancellationToken).ConfigureAwait(false);
        var package = ModelPackage.Parse(await File.ReadAllBytesAsync(workspace.Cache.PathOf(ContentHash.Parse(pointer.Package)), cancellationToken).ConfigureAwait(false), $"{pointer.Package} ({ModelPointer.RelativePath(uri)})");
        if (package.Name != uri.Name)
        {
            throw AriadneException.InvalidArgument($"{ModelPointer.RelativePath(uri)} points at a package of model '{package.Name}', not '{uri.Name}'. Restore the pointer file from git or push again.");
        }

        var objects = package.Files.Select(f => f.Hash).Concat(package.Card is { } c ? [c] : []).Distinct(StringComparer.Ordinal).Select(ContentHash.Parse).ToList();
        var (m, b) = await FetchAsync(remote, objects, cancellationToken).ConfigureAwait(false);
        var version = await RegisterAsync(package, pointer, uri, cancellationToken).ConfigureAwait(false);
        return new Outcome(version, ModelPointer.RelativePath(uri), pointer.Package, objects.Count + 1, moved + m, bytes + b, settings.Name);
    }

    /// <summary>Copies the objects the cache lacks from the remote; each is kept only when its bytes hash to its name.</summary>
    private async Task<(int Moved, long Bytes)> FetchAsync(IObjectStore remote, IReadOnlyList<ContentHash> hashes, CancellationToken cancellationToken)
    {
        var moved = 0;
        long bytes = 0;
        foreach (var hash in hashes.Where(h => !workspace.Cache.Contains(h)))
        {
            await using (var content = await remote.OpenReadAsync(hash, cancellationToken).ConfigureAwait(false))
            {
                await workspace.Cache.ImportAsync(hash, content, remote.Description, cancellationToken).ConfigureAwait(false);
            }

            moved++;
            bytes += new FileInfo(workspace.Cache.PathOf(hash)).Length;
        }

        return (moved, bytes);
    }

    /// <summary>The local version with the package's content (a new one when none has it), with the card and the alias.</summary>
    private async Task<ModelVersion> RegisterAsync(ModelPackage package, ModelPointer pointer, ModelUri uri, CancellationToken cancellationToken)
    {
        try
        {
            await store.GetRegisteredModelAsync(package.Name, cancellationToken).ConfigureAwait(false);
        }
        catch (AriadneException e) when (e.Code == ErrorCode.ResourceNotFound)
        {
            await store.CreateRegisteredModelAsync(package.Name, package.ModelDescription, package.ModelTags, cancellationToken).ConfigureAwait(false);
        }

        var pulledFrom = $"{ModelUri.ForVersion(package.Name, package.Version)} package {pointer.Package}";
        var local = await FindAsync(package, pulledFrom, cancellationToken).ConfigureAwait(false);
        if (local is null)
        {
            var tags = new Dictionary<string, string>(package.Tags, StringComparer.Ordinal) { [PulledFromTag] = pulledFrom };
            if (package.Card is { } card)
            {
                tags[ModelCardStore.CardTag] = card;
            }

            var runId = package.RunId is { } id && await RunExistsAsync(id, cancellationToken).ConfigureAwait(false) ? id : null;
            local = await store.CreateModelVersionAsync(new NewModelVersion(package.Name, package.Source, runId, package.Files, package.Description, tags, package.RegisteredBy), cancellationToken).ConfigureAwait(false);
        }

        if (uri.Alias is { } alias && !local.Aliases.Contains(alias))
        {
            await store.SetModelAliasAsync(package.Name, alias, local.Version, cancellationToken).ConfigureAwait(false);
        }

        return await store.GetModelVersionAsync(package.Name, local.Version, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A local version pulled from the same package already, else null.</summary>
    private async Task<ModelVersion?> FindAsync(ModelPackage package, string pulledFrom, CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var page = await store.SearchModelVersionsAsync(new ModelSearch($"name = '{package.Name.Replace("'", "''", StringComparison.Ordinal)}'", MaxResults: 1000, PageToken: token), cancellationToken).ConfigureAwait(false);
            var found = page.Versions.FirstOrDefault(v => v.ContentHash == package.ContentHash && v.Tags.GetValueOrDefault(PulledFromTag) == pulledFrom);
            if (found is not null)
            {
                return found;
            }

            token = page.NextPageToken;
        }
        while (token is not null);
        return null;
    }

    private async Task<bool> RunExistsAsync(string runId, CancellationToken cancellationToken)
    {
        try
        {
            var run = await store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
            return run.Info.LifecycleStage == LifecycleStage.Active;
        }
        catch (AriadneException e) when (e.Code == ErrorCode.ResourceNotFound)
        {
            return false;
        }
    }
}
