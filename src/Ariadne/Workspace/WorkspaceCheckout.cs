using Ariadne.Content;

namespace Ariadne.Workspace;

/// <summary>
/// <c>ariadne checkout</c>: makes tracked paths match their pointer files, e.g. after <c>git checkout</c> of another
/// commit. Every file is put in place by one rename. Files whose content exists nowhere but in the workspace are
/// only overwritten with <c>force</c>; the whole plan is checked before anything changes. Every restored file is
/// hashed on the way: a cache object that no longer matches its name is never handed out.
/// </summary>
internal sealed class WorkspaceCheckout(DataWorkspace workspace, IProgressReporter? progress = null)
{
    private readonly IProgressReporter _progress = progress ?? NoProgress.Instance;

    public CheckoutResult Checkout(IReadOnlyCollection<string>? targets = null, bool force = false)
    {
        using var held = workspace.Lock();
        return CheckoutLocked(targets, force);
    }

    /// <summary>For commands that already hold the workspace lock (pull).</summary>
    internal CheckoutResult CheckoutLocked(IReadOnlyCollection<string>? targets, bool force)
    {
        var outputs = workspace.SelectPointerFiles(targets ?? []).Select(workspace.ReadOutput).ToList();
        var plans = outputs.Select(Plan).ToList();
        var endangered = plans.SelectMany(p => p.Endangered).ToList();
        if (endangered.Count > 0 && !force)
        {
            throw AriadneException.WouldOverwrite(endangered);
        }

        var restored = 0;
        var removed = 0;
        var unchanged = 0;
        var notInCache = new List<string>();
        var corrupt = new List<string>();
        using var task = _progress.Start("Checking out", plans.Sum(p => p.Writes.Count), ProgressUnit.Items);
        foreach (var plan in plans)
        {
            notInCache.AddRange(plan.NotInCache);
            unchanged += plan.Unchanged;
            if (plan.NotInCache.Count > 0)
            {
                continue;
            }

            if (plan.ReplaceWholePath)
            {
                RemovePath(plan.Output.DataPath);
            }

            foreach (var extra in plan.Removals)
            {
                DeleteFile(extra);
                removed++;
            }

            var statCache = StatCache.Load(StatCache.FileFor(workspace.StateFolder, plan.Output.RelativePath));
            var gate = new Lock();
            var refused = 0;
            ParallelWork.ForEach(plan.Writes, write =>
            {
                try
                {
                    workspace.Cache.Materialize(write.Hash, write.FullPath);
                }
                catch (AriadneException e) when (e.Code == ErrorCode.ObjectCorrupt)
                {
                    lock (gate)
                    {
                        corrupt.Add($"{Join(plan.Output.RelativePath, write.RelativePath)} (object {write.Hash.Hex})");
                        refused++;
                    }

                    task.Advance(1);
                    return;
                }

                if (NativeFileSystem.Stat(write.FullPath) is { } stat)
                {
                    lock (gate)
                    {
                        statCache.Set(write.RelativePath, stat, write.Hash);
                    }
                }

                task.Advance(1);
            });
            restored += plan.Writes.Count - refused;
            if (plan.Output.Pointer.Kind == PointerKind.Folder)
            {
                Directory.CreateDirectory(plan.Output.DataPath);
            }

            statCache.Save();
            GitIgnore.Ensure(Path.GetDirectoryName(plan.Output.DataPath)!, Path.GetFileName(plan.Output.DataPath));
        }

        return new CheckoutResult(restored, removed, unchanged, notInCache) { Corrupt = [.. corrupt.Order(StringComparer.Ordinal)] };
    }

    private OutputPlan Plan(TrackedOutput output)
    {
        var pointer = output.Pointer;
        var cache = workspace.Cache;
        var plan = new OutputPlan(output);
        if (!cache.Contains(pointer.Hash))
        {
            plan.NotInCache.Add(output.RelativePath);
            return plan;
        }

        IReadOnlyList<ManifestEntry> wanted = pointer.Kind == PointerKind.Folder
            ? FolderManifest.Load(cache, pointer.Hash).Entries
            : [new ManifestEntry("", pointer.Hash, pointer.Size)];
        var missing = wanted.Where(e => !cache.Contains(e.Hash)).Select(e => e.Path.Length == 0 ? output.RelativePath : output.RelativePath + "/" + e.Path).ToList();
        if (missing.Count > 0)
        {
            plan.NotInCache.AddRange(missing);
            return plan;
        }

        // A file where a folder belongs, or the other way round, is replaced whole.
        var isFolderNow = Directory.Exists(output.DataPath);
        var isFileNow = File.Exists(output.DataPath);
        if ((pointer.Kind == PointerKind.Folder && isFileNow) || (pointer.Kind == PointerKind.File && isFolderNow))
        {
            var scannedOld = new OutputScanner(workspace, _progress).Scan(output.DataPath, output.RelativePath, out _);
            plan.Endangered.AddRange(scannedOld.Where(f => !cache.Contains(f.Hash)).Select(f => Join(output.RelativePath, f.RelativePath)));
            plan.ReplaceWholePath = true;
            plan.Writes.AddRange(wanted.Select(e => Write(output, e)));
            return plan;
        }

        var current = new OutputScanner(workspace, _progress).Scan(output.DataPath, output.RelativePath, out var statCache);
        statCache.Save();
        var byPath = current.ToDictionary(f => f.RelativePath, StringComparer.Ordinal);
        foreach (var entry in wanted)
        {
            if (byPath.Remove(entry.Path, out var now))
            {
                if (now.Hash == entry.Hash)
                {
                    plan.Unchanged++;
                    continue;
                }

                if (!cache.Contains(now.Hash))
                {
                    plan.Endangered.Add(Join(output.RelativePath, entry.Path));
                }
            }

            plan.Writes.Add(Write(output, entry));
        }

        foreach (var extra in byPath.Values)
        {
            if (!cache.Contains(extra.Hash))
            {
                plan.Endangered.Add(Join(output.RelativePath, extra.RelativePath));
            }

            plan.Removals.Add(extra.FullPath);
        }

        return plan;
    }

    private static FileWrite Write(TrackedOutput output, ManifestEntry entry) =>
        new(entry.Path, entry.Path.Length == 0 ? output.DataPath : Path.Combine(output.DataPath, entry.Path.Replace('/', Path.DirectorySeparatorChar)), entry.Hash);

    private static string Join(string output, string relative) => relative.Length == 0 ? output : output + "/" + relative;

    private static void RemovePath(string path)
    {
        if (Directory.Exists(path) && (File.GetAttributes(path) & FileAttributes.ReparsePoint) == 0)
        {
            foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories))
            {
                DeleteFile(file);
            }

            Directory.Delete(path, recursive: true);
        }
        else if (Path.Exists(path))
        {
            DeleteFile(path);
        }
    }

    private static void DeleteFile(string file)
    {
        // Deleting needs write permission on the folder only; the read-only mode of a linked file does not matter.
        File.Delete(file);
    }

    private sealed record FileWrite(string RelativePath, string FullPath, ContentHash Hash);

    private sealed class OutputPlan(TrackedOutput output)
    {
        public TrackedOutput Output { get; } = output;

        public List<FileWrite> Writes { get; } = [];

        public List<string> Removals { get; } = [];

        public List<string> Endangered { get; } = [];

        public List<string> NotInCache { get; } = [];

        public int Unchanged { get; set; }

        public bool ReplaceWholePath { get; set; }
    }
}
