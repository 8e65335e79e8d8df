using System.Text;
using System.Text.Json;

namespace Ariadne.Tracking.Http;

/// <summary>
/// The local spool of one server: a folder of files <c>&lt;run&gt;.&lt;client&gt;.jsonl</c>, one JSON line per write
/// that could not be sent, in order. Lines are appended and flushed to disk before the SDK call returns, so nothing is
/// lost when the server is down. A file is locked (exclusively, by the operating system) while a process writes or
/// uploads it, so a running program and <c>ariadne sync</c> never upload the same file at once; the sequence numbers
/// in the batches make a second upload of the same line (after a crash half-way) a no-op on the server.
/// </summary>
internal sealed class RunSpool
{
    public const string Extension = ".jsonl";

    public RunSpool(string folder) => Folder = folder;

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

    /// <summary>The spool folder for one server under <paramref name="root"/>: its host and port, so servers never mix.</summary>
    public static RunSpool For(string root, Uri server) =>
        new(Path.Combine(root, $"{server.Host}_{server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}{server.AbsolutePath.TrimEnd('/').Replace('/', '_')}"));

    public string FileOf(string runId, string clientId) => Path.Combine(Folder, $"{runId}.{clientId}{Extension}");

    /// <summary>Opens (creating) a spool file, locked for this process until disposed; null when another process holds it.</summary>
    public static FileStream? TryOpen(string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        try
        {
            return new FileStream(file, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public static void Append(FileStream file, SpoolEntry entry)
    {
        file.Seek(0, SeekOrigin.End);
        var line = JsonSerializer.SerializeToUtf8Bytes(entry, SpoolJsonContext.Default.SpoolEntry);
        file.Write(line);
        file.WriteByte((byte)'\n');
        file.Flush(flushToDisk: true);
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

    /// <summary>Every spool file here, oldest first.</summary>
    public IEnumerable<string> Files() =>
        Directory.Exists(Folder)
            ? Directory.EnumerateFiles(Folder, "*" + Extension).OrderBy(File.GetLastWriteTimeUtc)
            : [];

    /// <summary>The run id a spool file belongs to.</summary>
    public static string RunIdOf(string file) => Path.GetFileName(file).Split('.')[0];
}
