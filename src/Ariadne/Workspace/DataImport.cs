using Ariadne.Content;

namespace Ariadne.Workspace;

/// <summary>
/// <c>ariadne get</c>, <c>import</c> and <c>update</c>: data tracked in another git repository, downloaded from that
/// repository's default remote and verified by hash. <c>get</c> leaves a plain copy; <c>import</c> stores the data in
/// this workspace's cache and writes a pointer file whose <c>source</c> block says where it came from, so
/// <c>update</c> can bring a newer version and say what changed. Sealed test parts are never handed out. Everything is
/// checked and downloaded before the workspace changes.
/// </summary>
internal sealed class DataImport(IProgressReporter? progress = null)
{
    private const int DefaultJobs = 8;
    private readonly IProgressReporter _progress = progress ?? NoProgress.Instance;

    /// <summary>Downloads <paramref name="path"/> of <paramref name="repo"/> to <paramref name="output"/> (default: its name in <paramref name="workingFolder"/>).</summary>
    public async Task<ImportResult> GetAsync(string repo, string path, string? rev, string? output, string workingFolder, CancellationToken cancellationToken = default)
    {
        var wanted = ExternalRepository.Normalize(path);
        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(output ?? wanted.Split('/')[^1], workingFolder));
        RefuseExisting(target, output);
        using var external = ExternalRepository.Open(repo, rev, workingFolder);
        var entry = external.Find(wanted);
        var remote = external.DefaultRemote(entry.Path);
        var folder = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(folder);

        // Downloaded and put together next to the target, then renamed into place: the target appears whole or not at all.
        var staging = Path.Combine(folder, $".ariadne-get-{Guid.NewGuid():N}");
        try
        {
            var cache = new ObjectCache(Path.Combine(staging, "cache"), Path.Combine(staging, "tmp"), ObjectCache.DefaultLinkKinds);
            cache.EnsureCreated();
            var (objects, bytes) = await new ObjectDownload(cache, remote, DefaultJobs, _progress).FetchAsync(entry.Pointer, entry.Path, cancellationToken).ConfigureAwait(false);
            var data = Path.Combine(staging, "data");
            Materialize(cache, entry.Pointer, data);
            RefuseExisting(target, output);
            if (entry.Pointer.Kind == PointerKind.Folder)
            {
                Directory.Move(data, target);
            }
            else
            {
                File.Move(data, target);
            }

            var source = new ImportSource(external.Repo, external.Rev, external.Commit, entry.Path);
            return new ImportResult(target, null, entry.Pointer with { Path = Path.GetFileName(target), Source = source }, source, objects, bytes);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    /// <summary>Imports <paramref name="path"/> of <paramref name="repo"/> into <paramref name="workspace"/> at <paramref name="output"/> (default: its name in <paramref name="workingFolder"/>).</summary>
    public async Task<ImportResult> ImportAsync(DataWorkspace workspace, string repo, string path, string? rev, string? output, string workingFolder, CancellationToken cancellationToken = default)
    {
        var wanted = ExternalRepository.Normalize(path);
        var userTarget = output ?? wanted.Split('/')[^1];
        if (userTarget.EndsWith(PointerFile.Extension, StringComparison.Ordinal))
        {
            throw AriadneException.InvalidArgument($"-o names where the data goes, not its pointer file: use '{userTarget[..^PointerFile.Extension.Length]}'.");
        }

        var target = workspace.Resolve(Path.GetFullPath(userTarget, workingFolder));
        var pointerPath = DataWorkspace.PointerPathFor(target);
        RefuseExisting(target, output);
        if (File.Exists(pointerPath))
        {
            throw AriadneException.InvalidArgument($"'{workspace.Relative(pointerPath)}' already exists. To bring a newer version of an import run 'ariadne update {workspace.Relative(pointerPath)}'; to import again, choose another -o.");
        }

        RefuseInsideTrackedFolder(workspace, target);
        using var external = ExternalRepository.Open(repo, rev, workingFolder);
        var entry = external.Find(wanted);
        var remote = external.DefaultRemote(entry.Path);
        using var held = workspace.Lock();
        var (objects, bytes) = await new ObjectDownload(workspace.Cache, remote, workspace.Config.Jobs, _progress).FetchAsync(entry.Pointer, entry.Path, cancellationToken).ConfigureAwait(false);
        var source = new ImportSource(external.Repo, external.Rev, external.Commit, entry.Path);
        var pointer = entry.Pointer with { Path = Path.GetFileName(target), Source = source };
        AtomicFile.WriteAllText(pointerPath, pointer.Serialize());
        Place(workspace, pointerPath, force: false);
        return new ImportResult(workspace.Relative(target), workspace.Relative(pointerPath), pointer, source, objects, bytes);
    }

    /// <summary>
    /// Brings the newest version of an imported path (from its recorded revision, or <paramref name="rev"/>, which is
    /// then recorded). Local edits to the imported data are refused unless <paramref name="force"/>.
    /// </summary>
    public async Task<UpdateResult> UpdateAsync(DataWorkspace workspace, string target, string? rev, bool force, CancellationToken cancellationToken = default)
    {
        var pointers = workspace.SelectPointerFiles([target]);
        if (pointers.Count != 1)
        {
            throw AriadneException.InvalidArgument($"'{target}' names {pointers.Count} pointer files; name one imported path (its .ari file) at a time.");
        }

        var output = workspace.ReadOutput(pointers[0]);
        var old = output.Pointer.Source
            ?? throw AriadneException.InvalidArgument($"'{workspace.Relative(output.PointerPath)}' was not imported (it has no source block), so there is nothing to update it from. 'ariadne update' updates paths brought in with 'ariadne import'; record local changes with 'ariadne add'.");
        using var external = ExternalRepository.Open(old.Repo, rev ?? old.Rev, workspace.Root);
        var entry = external.Find(old.Path);
        var remote = external.DefaultRemote(entry.Path);
        using var held = workspace.Lock();
        var status = new WorkspaceStatus(workspace, _progress).Check(output);
        if (status.State == OutputState.Modified && !force)
        {
            var files = status.Added.Concat(status.Modified).Concat(status.Deleted).Take(5).ToList();
            throw new AriadneException(ErrorCode.WouldOverwrite, $"'{output.RelativePath}' has local changes ({string.Join(", ", files)}) that 'ariadne update' would replace. Keep them elsewhere first, or pass --force to discard them.");
        }

        var (objects, bytes) = await new ObjectDownload(workspace.Cache, remote, workspace.Config.Jobs, _progress).FetchAsync(entry.Pointer, entry.Path, cancellationToken).ConfigureAwait(false);
        var source = new ImportSource(external.Repo, external.Rev, external.Commit, entry.Path);
        var pointer = entry.Pointer with { Path = output.Pointer.Path, Source = source };
        var changes = Changes(workspace.Cache, output.RelativePath, output.Pointer, pointer);
        if (pointer.Serialize() != File.ReadAllText(output.PointerPath))
        {
            AtomicFile.WriteAllText(output.PointerPath, pointer.Serialize());
        }

        Place(workspace, output.PointerPath, force: true);
        return new UpdateResult(output.RelativePath, workspace.Relative(output.PointerPath), old, source, output.Pointer.Hash, pointer.Hash, changes, objects, bytes);
    }

    /// <summary>Files added, deleted or modified between two versions of a path (a folder file by file when both manifests are at hand).</summary>
    private static List<DiffEntry> Changes(ObjectCache cache, string path, PointerFile before, PointerFile after)
    {
        if (before.Hash == after.Hash)
        {
            return [];
        }

        if (before.Kind != PointerKind.Folder || after.Kind != PointerKind.Folder || !cache.Contains(before.Hash))
        {
            return [new DiffEntry(path, DiffChange.Modified, before.Hash, after.Hash)];
        }

        var old = FolderManifest.Load(cache, before.Hash).Entries.ToDictionary(e => e.Path, e => e.Hash, StringComparer.Ordinal);
        var result = new List<DiffEntry>();
        foreach (var entry in FolderManifest.Load(cache, after.Hash).Entries)
        {
            if (!old.Remove(entry.Path, out var was))
            {
                result.Add(new DiffEntry(path + "/" + entry.Path, DiffChange.Added, null, entry.Hash));
            }
            else if (was != entry.Hash)
            {
                result.Add(new DiffEntry(path + "/" + entry.Path, DiffChange.Modified, was, entry.Hash));
            }
        }

        result.AddRange(old.Select(kv => new DiffEntry(path + "/" + kv.Key, DiffChange.Deleted, kv.Value, null)));
        result.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return result;
    }

    /// <summary>Checks the pointer's data out of the cache (where it was just downloaded); a corrupt object is an error.</summary>
    private void Place(DataWorkspace workspace, string pointerPath, bool force)
    {
        var checkout = new WorkspaceCheckout(workspace, _progress).CheckoutLocked([pointerPath], force);
        if (!checkout.Complete)
        {
            throw new AriadneException(ErrorCode.ObjectCorrupt, $"The imported data could not be checked out completely ({string.Join(", ", checkout.NotInCache.Concat(checkout.Corrupt).Take(5))}). Run 'ariadne verify --repair', then 'ariadne checkout {workspace.Relative(pointerPath)}'.");
        }
    }

    private static void Materialize(ObjectCache cache, PointerFile pointer, string destination)
    {
        if (pointer.Kind == PointerKind.File)
        {
            cache.MaterializeCopy(pointer.Hash, destination);
            return;
        }

        Directory.CreateDirectory(destination);
        foreach (var entry in FolderManifest.Load(cache, pointer.Hash).Entries)
        {
            cache.MaterializeCopy(entry.Hash, Path.Combine(destination, entry.Path.Replace('/', Path.DirectorySeparatorChar)));
        }
    }

    private static void RefuseExisting(string target, string? output)
    {
        if (Path.Exists(target))
        {
            throw AriadneException.InvalidArgument($"'{target}' already exists; nothing was downloaded. Remove it or choose another destination with -o{(output is null ? "" : $" (not '{output}')")}.");
        }
    }

    private static void RefuseInsideTrackedFolder(DataWorkspace workspace, string target)
    {
        for (var parent = Path.GetDirectoryName(target); parent is not null && parent.Length > workspace.Root.Length; parent = Path.GetDirectoryName(parent))
        {
            if (File.Exists(parent + PointerFile.Extension))
            {
                throw AriadneException.InvalidArgument($"'{workspace.Relative(target)}' is inside '{workspace.Relative(parent)}', which is tracked as a whole; import to a path outside it (-o).");
            }
        }
    }
}
