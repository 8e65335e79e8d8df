using Ariadne.Content;
using Ariadne.Data.Splitting;
using Ariadne.Remotes;
using Ariadne.Workspace;

namespace Ariadne.Data.Holdout;

/// <summary>
/// Where a sealed part's bytes live. Inside a workspace they are an object of its content cache (the BLAKE3 store
/// <c>ariadne add</c> uses) and the split folder holds only a <see cref="SealedPointer"/>, so no script opens the
/// sealed part by accident; <see cref="SealedTestSet"/> and <c>ariadne holdout read</c> find the bytes here, pulling
/// them from the default remote when this clone lacks them. Outside a workspace there is no cache, and the part stays
/// a plain file (<see cref="SplitPart.Pointer"/> is null; 'data split' warns).
/// </summary>
internal static class SealedPartStore
{
    /// <summary>
    /// Moves the part file at <paramref name="partFile"/> (already hashed as <paramref name="hash"/>) into the cache of
    /// the workspace holding <paramref name="splitFolder"/> and writes its pointer next to it. Returns the pointer's file
    /// name, or null when <paramref name="splitFolder"/> is in no workspace (the part stays a plain file).
    /// </summary>
    public static string? Seal(string partFile, ContentHash hash, string splitFolder)
    {
        var workspace = WorkspaceOf(splitFolder);
        if (workspace is null)
        {
            return null;
        }

        workspace.Cache.EnsureCreated();
        var size = new FileInfo(partFile).Length;
        workspace.Cache.StoreFromWorkspace(partFile, hash);
        var name = SealedPointer.FileNameFor(Path.GetFileName(partFile));
        AtomicFile.WriteAllText(Path.Combine(Path.GetDirectoryName(partFile)!, name), new SealedPointer(Path.GetFileName(partFile), hash, size).Serialize());
        File.Delete(partFile);
        return name;
    }

    /// <summary>What to tell someone whose split lies in no workspace, so its sealed part stays a plain file.</summary>
    public static string OutsideWorkspace(string partFile, string splitFolder) =>
        $"'{partFile}' is the sealed part, but {splitFolder} is in no Ariadne workspace, so it stays a plain file that any script can open. Run 'ariadne init' and split again (or 'ariadne holdout seal') to keep it in the content cache.";

    /// <summary>
    /// The file holding the sealed part's bytes, verified against the manifest: the cache object its pointer names
    /// (fetched from the default remote when missing), or, for a split made before sealed parts moved into the cache,
    /// the plain part file (<c>PlainFile</c> is then true).
    /// </summary>
    public static async Task<(string Path, bool PlainFile)> LocateAsync(SplitManifest manifest, SplitPart part, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(part);
        if (part.Pointer is null)
        {
            var plain = manifest.PartPath(part);
            if (!File.Exists(plain))
            {
                throw AriadneException.PathNotFound(plain);
            }

            CheckHash(plain, part, plain);
            return (plain, true);
        }

        var pointerPath = Path.Combine(manifest.Folder, part.Pointer);
        if (!File.Exists(pointerPath))
        {
            throw AriadneException.BadData(Path.Combine(manifest.Folder, SplitManifest.FileName), "split manifest",
                $"it names the sealed pointer '{part.Pointer}', which is not in {manifest.Folder}. Restore the split folder ('ariadne checkout', 'git checkout') or split again.");
        }

        var pointer = SealedPointer.Read(pointerPath);
        if (pointer.Hash.Hex != part.Blake3)
        {
            throw AriadneException.BadData(pointerPath, "sealed pointer",
                $"it names blake3 {pointer.Hash.Short}, but split.json records {part.Blake3[..12]} for part '{part.Name}'. A sealed set must not change; split again to make a new one.");
        }

        var workspace = WorkspaceOf(manifest.Folder)
            ?? throw AriadneException.InvalidArgument($"The sealed part '{part.Name}' of {manifest.Folder} is in a workspace's content cache, but that folder is in no workspace now. Read it from inside the workspace that split it.");
        if (!workspace.Cache.Contains(pointer.Hash))
        {
            await FetchAsync(workspace, pointer, part, cancellationToken).ConfigureAwait(false);
        }

        var objectPath = workspace.Cache.PathOf(pointer.Hash);
        CheckHash(objectPath, part, pointerPath);
        return (objectPath, false);
    }

    /// <summary>
    /// Converts a split made before sealed parts moved into the cache: the plain sealed part file goes into the cache
    /// and a pointer takes its place, named in split.json. Returns false when there was nothing to convert.
    /// </summary>
    public static bool Convert(string manifestPath)
    {
        var manifest = SplitManifest.Read(manifestPath);
        var plain = manifest.Parts.Where(p => p.Sealed && p.Pointer is null).ToList();
        if (plain.Count == 0)
        {
            return false;
        }

        var converted = new List<SplitPart>();
        foreach (var part in manifest.Parts)
        {
            if (!plain.Contains(part))
            {
                converted.Add(part);
                continue;
            }

            var file = manifest.PartPath(part);
            if (!File.Exists(file))
            {
                throw AriadneException.PathNotFound(file);
            }

            var hash = CheckHash(file, part, file);
            var pointer = Seal(file, hash, manifest.Folder) ?? throw AriadneException.NotAWorkspace(manifest.Folder);

            converted.Add(part with { Pointer = pointer });
        }

        AtomicFile.WriteAllBytes(Path.Combine(manifest.Folder, SplitManifest.FileName), (manifest with { Parts = converted }).ToJson());
        return true;
    }

    private static async Task FetchAsync(DataWorkspace workspace, SealedPointer pointer, SplitPart part, CancellationToken cancellationToken)
    {
        RemoteSettings settings;
        try
        {
            settings = workspace.ResolveRemote(null);
        }
        catch (AriadneException e) when (e.Code == ErrorCode.RemoteNotFound)
        {
            throw AriadneException.ObjectNotFound(pointer.Hash.Hex,
                $"this workspace's cache, and there is no default remote to fetch it from: the sealed part '{part.Name}' was split on another machine. Run 'ariadne push' there and 'ariadne remote add NAME URL --default' here");
        }

        var store = ObjectStoreRegistry.Open(settings);
        await using var content = await store.OpenReadAsync(pointer.Hash, cancellationToken).ConfigureAwait(false);
        await workspace.Cache.ImportAsync(pointer.Hash, content, $"remote '{settings.Name}' ({store.Description})", cancellationToken).ConfigureAwait(false);
    }

    private static ContentHash CheckHash(string file, SplitPart part, string shownAs)
    {
        var actual = ContentHasher.HashFile(file);
        return actual.Hex == part.Blake3
            ? actual
            : throw AriadneException.BadData(shownAs, "sealed part", $"its content (blake3 {actual.Hex[..12]}) is not what the split manifest recorded ({part.Blake3[..12]}). A sealed set must not change; split again to make a new one.");
    }

    private static DataWorkspace? WorkspaceOf(string folder)
    {
        try
        {
            return DataWorkspace.Open(folder);
        }
        catch (AriadneException e) when (e.Code == ErrorCode.NotAWorkspace)
        {
            return null;
        }
    }
}
