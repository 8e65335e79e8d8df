using System.Globalization;
using System.Text;
using Ariadne.Content;
using Ariadne.Workspace;

namespace Ariadne.Pipelines;

/// <summary>
/// Remembers, per stage fingerprint, the outputs a successful run produced (<c>.ariadne/cache/runs/</c>, one small
/// text file per fingerprint). When a stage is about to run with inputs it already ran with, its outputs are put back
/// from the content cache instead of running it, as long as every object is still there.
/// </summary>
internal sealed class RunCache(DataWorkspace workspace)
{
    private string Folder => Path.Combine(workspace.Cache.Root, "runs");

    private string FileFor(ContentHash fingerprint) => Path.Combine(Folder, fingerprint.Hex[..2], fingerprint.Hex[2..]);

    public void Save(ContentHash fingerprint, IReadOnlyList<LockedPath> outputs)
    {
        var text = new StringBuilder("ariadne-run 1\n");
        foreach (var o in outputs)
        {
            text.Append(CultureInfo.InvariantCulture, $"{(o.Kind == PointerKind.Folder ? "folder" : "file")}\t{o.Hash.Hex}\t{o.Size}\t{o.Files}\t{o.Path}\n");
        }

        AtomicFile.WriteAllText(FileFor(fingerprint), text.ToString());
    }

    /// <summary>The outputs recorded for <paramref name="fingerprint"/> when every object they need is in the cache.</summary>
    public IReadOnlyList<LockedPath>? Find(ContentHash fingerprint)
    {
        var file = FileFor(fingerprint);
        if (!File.Exists(file))
        {
            return null;
        }

        var lines = File.ReadAllLines(file);
        if (lines.Length == 0 || lines[0] != "ariadne-run 1")
        {
            return null;
        }

        var outputs = new List<LockedPath>();
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var parts = line.Split('\t', 5);
            if (parts.Length != 5 || !ContentHash.TryParse(parts[1], out var hash)
                || !long.TryParse(parts[2], CultureInfo.InvariantCulture, out var size) || !long.TryParse(parts[3], CultureInfo.InvariantCulture, out var files))
            {
                return null;
            }

            outputs.Add(new LockedPath(parts[4], parts[0] == "folder" ? PointerKind.Folder : PointerKind.File, hash, size, files));
        }

        return outputs.All(InCache) ? outputs : null;
    }

    private bool InCache(LockedPath output)
    {
        if (!workspace.Cache.Contains(output.Hash))
        {
            return false;
        }

        return output.Kind == PointerKind.File || FolderManifest.Load(workspace.Cache, output.Hash).Entries.All(e => workspace.Cache.Contains(e.Hash));
    }

    /// <summary>
    /// Puts <paramref name="outputs"/> in place from the cache (each file by one rename, every byte verified) and records
    /// them in the stat cache. False when an object no longer matches its hash: that object leaves the cache, so the
    /// next run stores good bytes under its name, and the caller runs the stage instead.
    /// </summary>
    public bool Restore(IReadOnlyList<LockedPath> outputs, Func<string, bool> isGitFile)
    {
        foreach (var output in outputs)
        {
            var full = Path.Combine(workspace.Root, output.Path);
            OutputPaths.Remove(full);
            var copy = isGitFile(output.Path);
            var statCache = StatCache.Load(StatCache.FileFor(workspace.StateFolder, output.Path));
            IReadOnlyList<ManifestEntry> entries = output.Kind == PointerKind.Folder
                ? FolderManifest.Load(workspace.Cache, output.Hash).Entries
                : [new ManifestEntry("", output.Hash, output.Size)];
            if (output.Kind == PointerKind.Folder)
            {
                Directory.CreateDirectory(full);
            }

            foreach (var entry in entries)
            {
                var target = entry.Path.Length == 0 ? full : Path.Combine(full, entry.Path);
                try
                {
                    if (copy)
                    {
                        workspace.Cache.MaterializeCopy(entry.Hash, target);
                    }
                    else
                    {
                        workspace.Cache.Materialize(entry.Hash, target);
                    }
                }
                catch (AriadneException e) when (e.Code == ErrorCode.ObjectCorrupt)
                {
                    workspace.Cache.Remove(entry.Hash);
                    return false;
                }

                if (NativeFileSystem.Stat(target) is { } stat)
                {
                    statCache.Set(entry.Path, stat, entry.Hash);
                }
            }

            if (output.Kind == PointerKind.Folder)
            {
                statCache.RecordTreeHash(output.Hash);
            }

            statCache.Save();
        }

        return true;
    }
}
