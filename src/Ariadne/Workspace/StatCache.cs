using System.Text;
using Ariadne.Content;

namespace Ariadne.Workspace;

/// <summary>
/// Remembers, for each file of one tracked output, the size, mtime and inode it had when it was last hashed, so
/// status does not read unchanged files again (DVC's state database, git's index). One binary file per output under
/// <c>.ariadne/state/</c>, replaced atomically; a missing or damaged file only costs a re-hash.
/// </summary>
internal sealed class StatCache
{
    private static readonly byte[] Magic = "ARST0002"u8.ToArray();
    private readonly Dictionary<string, Entry> _entries;
    private readonly long _writtenAtNs;
    private bool _dirty;
    private ContentHash? _treeHash;
    private ContentHash? _verifiedPointer;
    private string _verifiedGeneration = "";

    private StatCache(string file, Dictionary<string, Entry> entries, long writtenAtNs)
    {
        File = file;
        _entries = entries;
        _writtenAtNs = writtenAtNs;
    }

    /// <summary>
    /// The folder-manifest hash of exactly the entries recorded here, or null when it is not known. Any change to the
    /// entries forgets it, so status can skip rebuilding the manifest when nothing changed.
    /// </summary>
    public ContentHash? TreeHash => _treeHash;

    public void RecordTreeHash(ContentHash hash)
    {
        if (_treeHash != hash)
        {
            _treeHash = hash;
            _dirty = true;
        }
    }

    /// <summary>True when every object of <paramref name="pointerHash"/> was found in the cache and no object has left the cache since.</summary>
    public bool IsVerified(ContentHash pointerHash, string cacheGeneration) =>
        _verifiedPointer == pointerHash && _verifiedGeneration == cacheGeneration;

    public void RecordVerified(ContentHash pointerHash, string cacheGeneration)
    {
        if (!IsVerified(pointerHash, cacheGeneration))
        {
            _verifiedPointer = pointerHash;
            _verifiedGeneration = cacheGeneration;
            _dirty = true;
        }
    }

    public string File { get; }

    public int Count => _entries.Count;

    public bool IsDirty => _dirty;

    /// <summary>The state file for the output at <paramref name="outputPath"/> (workspace-relative, '/').</summary>
    public static string FileFor(string stateFolder, string outputPath) =>
        Path.Combine(stateFolder, ContentHasher.HashBytes(Encoding.UTF8.GetBytes(outputPath)).Hex[..24] + ".stat");

    public static StatCache Load(string file)
    {
        try
        {
            var bytes = System.IO.File.ReadAllBytes(file);
            return Parse(file, bytes) ?? Empty(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Empty(file);
        }
    }

    private static StatCache Empty(string file) => new(file, new Dictionary<string, Entry>(StringComparer.Ordinal), 0);

    /// <summary>
    /// The hash of <paramref name="relativePath"/> when its stat still matches what was recorded. An entry whose mtime
    /// is not older than the moment the cache was written is "racily clean" (it may have changed within the same clock
    /// tick) and is not trusted.
    /// </summary>
    public bool TryGet(string relativePath, FileStat stat, out ContentHash hash)
    {
        if (_entries.TryGetValue(relativePath, out var entry)
            && entry.Size == stat.Size && entry.MtimeNs == stat.MtimeNs && entry.Inode == stat.Inode
            && stat.MtimeNs < _writtenAtNs)
        {
            hash = entry.Hash;
            return true;
        }

        hash = default;
        return false;
    }

    public void Set(string relativePath, FileStat stat, ContentHash hash)
    {
        var entry = new Entry(stat.Size, stat.MtimeNs, stat.Inode, hash);
        if (!_entries.TryGetValue(relativePath, out var old) || old != entry)
        {
            _entries[relativePath] = entry;
            _dirty = true;
            if (old.Hash != hash || old.Size != stat.Size)
            {
                _treeHash = null;
            }
        }
    }

    /// <summary>Drops entries for files that are no longer there.</summary>
    public void RetainOnly(IReadOnlySet<string> paths)
    {
        if (paths.Count == _entries.Count && _entries.Keys.All(paths.Contains))
        {
            return;
        }

        _treeHash = null;
        foreach (var key in _entries.Keys.Where(k => !paths.Contains(k)).ToList())
        {
            _entries.Remove(key);
            _dirty = true;
        }
    }

    /// <summary>Writes the cache if anything changed since it was loaded.</summary>
    public void Save()
    {
        if (!_dirty && _writtenAtNs != 0)
        {
            return;
        }

        var now = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
        using var memory = new MemoryStream(_entries.Count * 96 + 32);
        using (var writer = new BinaryWriter(memory, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(now);
            WriteHash(writer, _treeHash);
            WriteHash(writer, _verifiedPointer);
            writer.Write(_verifiedGeneration);
            writer.Write(_entries.Count);
            foreach (var (path, entry) in _entries)
            {
                writer.Write(path);
                writer.Write(entry.Size);
                writer.Write(entry.MtimeNs);
                writer.Write(entry.Inode);
                writer.Write(Convert.FromHexString(entry.Hash.Hex));
            }
        }

        try
        {
            AtomicFile.WriteAllBytes(File, memory.GetBuffer().AsSpan(0, (int)memory.Length));
            _dirty = false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The stat cache only saves time; failing to write it must not fail the command.
        }
    }

    private static StatCache? Parse(string file, byte[] bytes)
    {
        if (bytes.Length < Magic.Length + 12 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            return null;
        }

        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
            reader.ReadBytes(Magic.Length);
            var writtenAt = reader.ReadInt64();
            var treeHash = ReadHash(reader);
            var verifiedPointer = ReadHash(reader);
            var verifiedGeneration = reader.ReadString();
            var count = reader.ReadInt32();
            var entries = new Dictionary<string, Entry>(count, StringComparer.Ordinal);
            Span<byte> digest = stackalloc byte[32];
            for (var i = 0; i < count; i++)
            {
                var path = reader.ReadString();
                var size = reader.ReadInt64();
                var mtime = reader.ReadInt64();
                var inode = reader.ReadUInt64();
                if (reader.Read(digest) != 32)
                {
                    return null;
                }

                entries[path] = new Entry(size, mtime, inode, ContentHash.FromBytes(digest));
            }

            return new StatCache(file, entries, writtenAt)
            {
                _treeHash = treeHash,
                _verifiedPointer = verifiedPointer,
                _verifiedGeneration = verifiedGeneration,
            };
        }
        catch (EndOfStreamException)
        {
            return null;
        }
    }

    private static void WriteHash(BinaryWriter writer, ContentHash? hash)
    {
        writer.Write(hash.HasValue);
        if (hash is { } value)
        {
            writer.Write(Convert.FromHexString(value.Hex));
        }
    }

    private static ContentHash? ReadHash(BinaryReader reader)
    {
        if (!reader.ReadBoolean())
        {
            return null;
        }

        var bytes = reader.ReadBytes(32);
        return bytes.Length == 32 ? ContentHash.FromBytes(bytes) : throw new EndOfStreamException();
    }

    private readonly record struct Entry(long Size, long MtimeNs, ulong Inode, ContentHash Hash);
}
