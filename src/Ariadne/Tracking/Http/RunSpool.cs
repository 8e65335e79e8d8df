using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Ariadne.Tracking.Http;

/// <summary>
/// The local spool of one server: a folder of files <c>&lt;run&gt;.&lt;client&gt;.jsonl</c>, one JSON line per write
/// that could not be sent, in order. Each line is written with one write call and flushed to disk before the SDK call
/// returns; a write that fails half-way (a full disk) is cut off again, so a line is whole or absent and never
/// corrupts the next. A file is locked (exclusively, by the operating system) while a process writes or uploads it,
/// so a running program and <c>ariadne sync</c> never upload the same file at once; the sequence numbers in the
/// batches make a second upload of the same line (after a crash half-way) a no-op on the server. The folder is named
/// after the server's identity (<see cref="For"/>), so every spelling of one server finds the same spool.
/// </summary>
internal sealed class RunSpool
{
    public const string Extension = ".jsonl";

    public const string RejectedExtension = ".rejected";

    private readonly IReadOnlyList<string> _aliases;

    public RunSpool(string folder, IReadOnlyList<string>? aliases = null)
    {
        Folder = folder;
        _aliases = aliases ?? [];
    }

    public string Folder { get; }

    /// <summary>The default spool root: ARIADNE_SPOOL_DIR, else $XDG_CACHE_HOME/ariadne/spool, else ~/.cache/ariadne/spool.</summary>
    public static string DefaultRoot()
    {
        if (Environment.GetEnvironmentVariable("ARIADNE_SPOOL_DIR") is { Length: > 0 } configured)
        {
            return configured;
        }

        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cache, "ariadne", "spool");
    }

    /// <summary>
    /// The spool folder for one server under <paramref name="root"/>, named by its identity: the host in lower case
    /// (every loopback spelling, <c>localhost</c>, <c>127.0.0.1</c>, <c>[::1]</c>, is <c>loopback</c>), the port (the
    /// scheme's default when none is given) and the path, so servers never mix and one server is one spool. Folders
    /// an older version named by the literal host are read too.
    /// </summary>
    public static RunSpool For(string root, Uri server)
    {
        var port = server.Port.ToString(CultureInfo.InvariantCulture);
        var path = server.AbsolutePath.TrimEnd('/').Replace('/', '_');
        var host = server.IsLoopback ? "loopback" : server.IdnHost.ToLowerInvariant();
        var spellings = server.IsLoopback ? new[] { "127.0.0.1", "localhost", "[::1]", server.Host } : [server.Host];
        var aliases = spellings.Distinct(StringComparer.Ordinal).Select(h => Path.Combine(root, $"{h}_{port}{path}")).ToList();
        return new RunSpool(Path.Combine(root, $"{host}_{port}{path}"), aliases);
    }

    public string FileOf(string runId, string clientId) => Path.Combine(Folder, $"{runId}.{clientId}{Extension}");

    /// <summary>Opens this process's spool file for a run, locked; says clearly when the folder cannot be written.</summary>
    public FileStream Open(string runId, string clientId)
    {
        var path = FileOf(runId, clientId);
        return TryOpen(path) ?? throw new AriadneException(ErrorCode.StoreFailure,
            $"The spool file {path} is locked by another process; nothing could be kept. Each program spools to its own file: check that no two programs share a client id.");
    }

    /// <summary>
    /// Opens (creating) a spool file, locked for this process until disposed; null when another process holds it.
    /// A folder that cannot be created or written (read-only, no permission, a full disk) is an error that says so.
    /// </summary>
    public static FileStream? TryOpen(string file)
    {
        var folder = Path.GetDirectoryName(file)!;
        try
        {
            Directory.CreateDirectory(folder);
            return new FileStream(file, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.None);
        }
        catch (IOException e) when (IsLockedByAnother(e))
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AriadneException(ErrorCode.StoreFailure,
                $"The spool folder {folder} cannot be written ({e.Message.TrimEnd('.')}), so data logged while the tracking server is away cannot be kept. " +
                "Point ARIADNE_SPOOL_DIR at a writable folder on a file system with free space.", e);
        }
    }

    /// <summary>Whether opening failed only because another open handle holds the file's lock (EWOULDBLOCK, or a sharing violation).</summary>
    private static bool IsLockedByAnother(IOException e) => e.HResult is 11 or unchecked((int)0x80070020);

    /// <summary>
    /// Appends one entry as one line with one write, flushed to disk. When the write fails (no space left), the file
    /// is cut back to where it was, so no half line is left to spoil the next entry, and the caller learns nothing was kept.
    /// </summary>
    public static void Append(FileStream file, SpoolEntry entry)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(entry, SpoolJsonContext.Default.SpoolEntry);
        var line = new byte[json.Length + 1];
        json.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        var end = file.Seek(0, SeekOrigin.End);
        try
        {
            file.Write(line);
            file.Flush(flushToDisk: true);
        }
        catch (IOException e)
        {
            try
            {
                file.SetLength(end);
            }
            catch (IOException)
            {
                // Could not cut it back: the half line is dropped by ReadAll, and the next append starts a new line.
            }

            throw new AriadneException(ErrorCode.StoreFailure,
                $"The tracking server is away and the spool file {file.Name} could not be written ({e.Message.TrimEnd('.')}); this write was not kept. Free space there or point ARIADNE_SPOOL_DIR elsewhere.", e);
        }
    }

    public static List<SpoolEntry> ReadAll(FileStream file)
    {
        file.Seek(0, SeekOrigin.Begin);
        var entries = new List<SpoolEntry>();
        using var reader = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 4096, leaveOpen: true);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                entries.Add(JsonSerializer.Deserialize(line, SpoolJsonContext.Default.SpoolEntry)!);
            }
            catch (JsonException)
            {
                // A line cut short by a crash while appending: it was never acknowledged to the caller, so it is dropped.
            }
        }

        return entries;
    }

    /// <summary>Keeps an entry the server refused as malformed in <c>&lt;spool file&gt;.rejected</c>, for 'ariadne sync --retry-rejected'.</summary>
    public static void SetAside(string spoolFile, SpoolEntry entry)
    {
        using var dead = new FileStream(spoolFile + RejectedExtension, FileMode.Append, FileAccess.Write, FileShare.None);
        Append(dead, entry);
    }

    /// <summary>Replaces a locked file's entries with <paramref name="entries"/>.</summary>
    public static void Rewrite(FileStream file, IReadOnlyList<SpoolEntry> entries)
    {
        file.SetLength(0);
        foreach (var entry in entries)
        {
            Append(file, entry);
        }
    }

    /// <summary>Every spool file of this server (in its folder and in folders named by another spelling of it), oldest first.</summary>
    public IEnumerable<string> Files() => InFolders("*" + Extension).OrderBy(File.GetLastWriteTimeUtc);

    /// <summary>The files of entries the server refused as malformed.</summary>
    public IEnumerable<string> RejectedFiles() => InFolders("*" + RejectedExtension).Order(StringComparer.Ordinal);

    private IEnumerable<string> InFolders(string pattern) =>
        new[] { Folder }.Concat(_aliases).Distinct(StringComparer.Ordinal).Where(Directory.Exists).SelectMany(f => Directory.EnumerateFiles(f, pattern));

    /// <summary>The run id a spool file belongs to.</summary>
    public static string RunIdOf(string file) => Path.GetFileName(file).Split('.')[0];
}
