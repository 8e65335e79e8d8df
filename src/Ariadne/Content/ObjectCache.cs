namespace Ariadne.Content;

/// <summary>
/// The content-addressed store inside a workspace: <c>objects/ab/cdef…</c>, one file per distinct content, read-only.
/// Every write goes to a temporary name first and is renamed into place, so an object either is complete or absent,
/// whenever the process is killed. Nothing leaves the cache unverified: every restore and every upload hashes the
/// bytes it hands out and refuses an object that no longer matches its name.
/// </summary>
internal sealed class ObjectCache
{
    /// <summary>
    /// The link kinds used when none are configured: a workspace file never shares its inode with the cache, so no edit
    /// in the workspace, by root or anyone else, can change an object. Hard links are used only when configured.
    /// </summary>
    public static readonly IReadOnlyList<LinkKind> DefaultLinkKinds = [LinkKind.Reflink, LinkKind.Copy];

    public ObjectCache(string root, string tempFolder, IReadOnlyList<LinkKind> linkKinds)
    {
        Root = root;
        TempFolder = tempFolder;
        LinkKinds = linkKinds.Count == 0 ? DefaultLinkKinds : linkKinds;
        ObjectsFolder = Path.Combine(root, "objects");
    }

    public string Root { get; }

    public string ObjectsFolder { get; }

    public string TempFolder { get; }

    public IReadOnlyList<LinkKind> LinkKinds { get; }

    private LinkKind? _effective;
    private bool _tempFolderExists;
    private string? _generation;

    public string PathOf(ContentHash hash) => Path.Combine(ObjectsFolder, hash.Hex[..2], hash.Hex[2..]);

    public bool Contains(ContentHash hash) => File.Exists(PathOf(hash));

    /// <summary>Creates the folder layout (idempotent).</summary>
    public void EnsureCreated()
    {
        Directory.CreateDirectory(TempFolder);
        for (var i = 0; i < 256; i++)
        {
            Directory.CreateDirectory(Path.Combine(ObjectsFolder, i.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>The first configured link kind that this file system supports, found by a probe once per process.</summary>
    public LinkKind EffectiveLinkKind => _effective ??= Probe();

    /// <summary>
    /// Stores the content of a workspace file already hashed as <paramref name="hash"/>, and links the workspace file
    /// back to the object when the strategy allows it. Returns how the workspace file now relates to the cache.
    /// </summary>
    public LinkKind StoreFromWorkspace(string workspaceFile, ContentHash hash)
    {
        var target = PathOf(hash);
        var kind = EffectiveLinkKind;
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (File.Exists(target))
        {
            return kind == LinkKind.Hardlink ? Relink(workspaceFile, target) : kind;
        }

        switch (kind)
        {
            case LinkKind.Hardlink:
                if (NativeFileSystem.TryHardLink(workspaceFile, target, out var exists))
                {
                    FileModes.MakeReadOnly(target);
                    return LinkKind.Hardlink;
                }

                if (exists)
                {
                    return Relink(workspaceFile, target);
                }

                break;
            case LinkKind.Reflink:
                var clone = NewTempPath();
                if (NativeFileSystem.TryReflink(workspaceFile, clone))
                {
                    Publish(clone, target);
                    return LinkKind.Reflink;
                }

                break;
        }

        var copy = NewTempPath();
        var copied = ContentHasher.CopyAndHash(workspaceFile, copy);
        if (copied != hash)
        {
            File.Delete(copy);
            throw AriadneException.InvalidArgument($"'{workspaceFile}' changed while it was being stored (it now hashes to {copied.Short}). Wait until whatever writes it has finished, then run the command again.");
        }

        Publish(copy, target);
        return LinkKind.Copy;
    }

    /// <summary>
    /// Stores a copy of a file that must stay as it is (a run's output): the file is never linked or made read-only.
    /// Returns its hash and size.
    /// </summary>
    public (ContentHash Hash, long Size) StoreCopy(string file)
    {
        var temp = NewTempPath();
        try
        {
            File.Copy(file, temp);
            var hash = ContentHasher.HashFile(temp);
            var size = new FileInfo(temp).Length;
            if (!File.Exists(PathOf(hash)))
            {
                Publish(temp, PathOf(hash));
            }

            return (hash, size);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>
    /// Stores a file that must stay as it is (a model being registered) in one read: a copy-on-write clone (reflink)
    /// where the file system has them, hashed once and moved in with no bytes copied; otherwise a copy hashed as it
    /// is written. The original is never linked or made read-only. Returns its hash and size.
    /// </summary>
    public (ContentHash Hash, long Size) StoreSnapshot(string file)
    {
        var temp = NewTempPath();
        try
        {
            var hash = NativeFileSystem.TryReflink(file, temp) ? ContentHasher.HashFile(temp) : ContentHasher.CopyAndHash(file, temp);
            var size = new FileInfo(temp).Length;
            if (!File.Exists(PathOf(hash)))
            {
                Publish(temp, PathOf(hash));
            }

            return (hash, size);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>Stores a small in-memory object such as a folder manifest.</summary>
    public ContentHash StoreBytes(ReadOnlySpan<byte> content)
    {
        var hash = ContentHasher.HashBytes(content);
        var target = PathOf(hash);
        if (!File.Exists(target))
        {
            var temp = NewTempPath();
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            Publish(temp, target);
        }

        return hash;
    }

    /// <summary>
    /// Copies <paramref name="content"/> into the cache, hashing as it goes; the object is kept only when it hashes to
    /// <paramref name="expected"/>. A corrupt download never enters the cache.
    /// </summary>
    public Task ImportAsync(ContentHash expected, Stream content, string source, CancellationToken cancellationToken) =>
        ImportAsync(expected, content, source, replace: false, cancellationToken);

    /// <summary>
    /// As <see cref="ImportAsync(ContentHash, Stream, string, CancellationToken)"/>; with <paramref name="replace"/> a
    /// verified copy takes the place of an object already there (a corrupt one), by one rename. A workspace file
    /// hard-linked to the old object keeps the old bytes and shows as modified.
    /// </summary>
    public async Task ImportAsync(ContentHash expected, Stream content, string source, bool replace, CancellationToken cancellationToken)
    {
        var target = PathOf(expected);
        if (!replace && File.Exists(target))
        {
            return;
        }

        var temp = NewTempPath();
        try
        {
            ContentHash actual;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                using var hasher = Blake3.Hasher.New();
                var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 20);
                try
                {
                    int read;
                    while ((read = await content.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        hasher.Update(buffer.AsSpan(0, read));
                        await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    }
                }
                finally
                {
                    System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                }

                await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
                actual = ContentHash.FromBytes(hasher.Finalize().AsSpan());
            }

            if (actual != expected)
            {
                throw AriadneException.ObjectCorrupt(expected.Hex, actual.Hex, source);
            }

            if (replace)
            {
                FileModes.MakeReadOnly(temp);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Move(temp, target, overwrite: true);
            }
            else
            {
                Publish(temp, target);
            }
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>
    /// Puts the object's content at <paramref name="destination"/> (replacing what is there) with the first link kind
    /// that works. The destination appears in one rename: a reader sees the old file or the new one, never half.
    /// The bytes are hashed on the way: an object that no longer matches its name is refused
    /// (<see cref="ErrorCode.ObjectCorrupt"/>) and the destination is left as it was.
    /// </summary>
    public LinkKind Materialize(ContentHash hash, string destination) => Materialize(hash, destination, EffectiveLinkKind);

    /// <summary>As <see cref="Materialize(ContentHash, string)"/>, always as an independent, writable copy (reflink or copy).</summary>
    public LinkKind MaterializeCopy(ContentHash hash, string destination) =>
        Materialize(hash, destination, EffectiveLinkKind == LinkKind.Hardlink ? LinkKind.Copy : EffectiveLinkKind);

    private LinkKind Materialize(ContentHash hash, string destination, LinkKind kind)
    {
        var source = PathOf(hash);
        if (!File.Exists(source))
        {
            throw AriadneException.ObjectNotFound(hash.Hex, "the cache");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var temp = NewTempPath();
        try
        {
            LinkKind made;
            ContentHash actual;
            if (kind == LinkKind.Hardlink && NativeFileSystem.TryHardLink(source, temp, out _))
            {
                made = LinkKind.Hardlink;
                actual = ContentHasher.HashFile(temp);
            }
            else if (kind == LinkKind.Reflink && NativeFileSystem.TryReflink(source, temp))
            {
                made = LinkKind.Reflink;
                actual = ContentHasher.HashFile(temp);
            }
            else
            {
                made = LinkKind.Copy;
                actual = ContentHasher.CopyAndHash(source, temp);
            }

            if (actual != hash)
            {
                throw AriadneException.CacheObjectCorrupt(hash.Hex, actual.Hex);
            }

            if (made != LinkKind.Hardlink)
            {
                FileModes.MakeWritable(temp);
            }

            MoveInto(temp, destination);
            return made;
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>
    /// A file holding exactly the object's bytes, verified, for an upload. When workspace files may share the object's
    /// inode (hard links), the bytes are first copied aside so an edit during the upload cannot reach the remote;
    /// <paramref name="temporary"/> then says the caller deletes the file afterwards.
    /// </summary>
    public string PrepareUpload(ContentHash hash, out bool temporary)
    {
        var source = PathOf(hash);
        if (!File.Exists(source))
        {
            throw AriadneException.ObjectNotFound(hash.Hex, "the cache");
        }

        temporary = false;
        if (EffectiveLinkKind != LinkKind.Hardlink)
        {
            var actual = ContentHasher.HashFile(source);
            return actual == hash ? source : throw AriadneException.CacheObjectCorrupt(hash.Hex, actual.Hex);
        }

        var temp = NewTempPath();
        var copied = NativeFileSystem.TryReflink(source, temp) ? ContentHasher.HashFile(temp) : ContentHasher.CopyAndHash(source, temp);
        if (copied != hash)
        {
            File.Delete(temp);
            throw AriadneException.CacheObjectCorrupt(hash.Hex, copied.Hex);
        }

        temporary = true;
        return temp;
    }

    /// <summary>True when <paramref name="file"/> is the same inode as the object <paramref name="hash"/>: a hard link into the cache.</summary>
    public bool IsLinkedTo(string file, ContentHash hash) =>
        NativeFileSystem.Stat(file) is { Inode: not 0 } a && NativeFileSystem.Stat(PathOf(hash)) is { } b && a.Inode == b.Inode;

    /// <summary>Re-hashes an object and says whether its content still matches its name.</summary>
    public bool Verify(ContentHash hash, out ContentHash actual)
    {
        actual = ContentHasher.HashFile(PathOf(hash));
        return actual == hash;
    }

    /// <summary>
    /// A token that changes whenever objects leave the cache (and when the cache itself is deleted), so a check that
    /// every object of a pointer is present can be remembered until the token changes.
    /// </summary>
    public string Generation
    {
        get
        {
            if (_generation is null)
            {
                var file = Path.Combine(Root, "generation");
                _generation = File.Exists(file) ? File.ReadAllText(file).Trim() : "";
                if (_generation.Length == 0)
                {
                    BumpGeneration();
                }
            }

            return _generation!;
        }
    }

    public void Remove(ContentHash hash) => Remove([hash]);

    /// <summary>Removes objects. The generation changes first, so no one trusts an earlier presence check afterwards.</summary>
    public void Remove(IEnumerable<ContentHash> hashes)
    {
        BumpGeneration();
        foreach (var hash in hashes)
        {
            var path = PathOf(hash);
            if (File.Exists(path))
            {
                FileModes.MakeWritable(path);
                File.Delete(path);
            }
        }
    }

    private void BumpGeneration()
    {
        _generation = Guid.NewGuid().ToString("N");
        AtomicFile.WriteAllText(Path.Combine(Root, "generation"), _generation + "\n");
    }

    /// <summary>Every object in the cache, in no particular order.</summary>
    public IEnumerable<ContentHash> EnumerateObjects()
    {
        if (!Directory.Exists(ObjectsFolder))
        {
            yield break;
        }

        foreach (var folder in Directory.EnumerateDirectories(ObjectsFolder))
        {
            var prefix = Path.GetFileName(folder);
            foreach (var file in Directory.EnumerateFiles(folder))
            {
                if (ContentHash.TryParse(prefix + Path.GetFileName(file), out var hash))
                {
                    yield return hash;
                }
            }
        }
    }

    /// <summary>Removes temporary files that an interrupted command left behind. Call only while holding the workspace lock.</summary>
    public int CleanTemporaryFiles()
    {
        if (!Directory.Exists(TempFolder))
        {
            return 0;
        }

        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(TempFolder))
        {
            try
            {
                File.Delete(file);
                removed++;
            }
            catch (IOException)
            {
                // Still open by someone: leave it for the next clean-up.
            }
        }

        return removed;
    }

    public string NewTempPath()
    {
        if (!_tempFolderExists)
        {
            Directory.CreateDirectory(TempFolder);
            _tempFolderExists = true;
        }

        return Path.Combine(TempFolder, $"{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
    }

    private LinkKind Relink(string workspaceFile, string objectPath)
    {
        var before = NativeFileSystem.Stat(workspaceFile);
        var after = NativeFileSystem.Stat(objectPath);
        if (before is { } b && after is { } a && b.Inode == a.Inode && a.Inode != 0)
        {
            return LinkKind.Hardlink;
        }

        var temp = NewTempPath();
        if (NativeFileSystem.TryHardLink(objectPath, temp, out _))
        {
            MoveInto(temp, workspaceFile);
            return LinkKind.Hardlink;
        }

        return LinkKind.Copy;
    }

    private LinkKind Probe()
    {
        Directory.CreateDirectory(TempFolder);
        var source = NewTempPath();
        File.WriteAllBytes(source, [42]);
        try
        {
            foreach (var kind in LinkKinds)
            {
                var probe = NewTempPath();
                var works = kind switch
                {
                    LinkKind.Reflink => NativeFileSystem.TryReflink(source, probe),
                    LinkKind.Hardlink => NativeFileSystem.TryHardLink(source, probe, out _),
                    _ => true,
                };
                if (File.Exists(probe))
                {
                    File.Delete(probe);
                }

                if (works)
                {
                    return kind;
                }
            }

            return LinkKind.Copy;
        }
        finally
        {
            File.Delete(source);
        }
    }

    private static void Publish(string temp, string target)
    {
        FileModes.MakeReadOnly(temp);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        try
        {
            File.Move(temp, target, overwrite: false);
        }
        catch (IOException) when (File.Exists(target))
        {
            // Another process stored the same content first: same bytes, nothing to do.
            File.Delete(temp);
        }
    }

    private static void MoveInto(string temp, string destination)
    {
        try
        {
            File.Move(temp, destination, overwrite: true);
        }
        catch (UnauthorizedAccessException)
        {
            // A read-only file in the way: rename(2) replaces it anyway unless the folder forbids it.
            File.Delete(temp);
            throw;
        }
    }
}
