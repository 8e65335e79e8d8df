namespace Ariadne.Tracking.Http;

/// <summary>One spool file held open (locked) for a sync, with its entries and the runs it must wait for.</summary>
internal sealed record SpoolFile(string Path, FileStream Stream, IReadOnlyList<SpoolEntry> Entries)
{
    public string RunId { get; } = RunSpool.RunIdOf(Path);

    /// <summary>The run this file creates, when it holds the run's creation.</summary>
    public AriadneCreateRunRequest? Creation { get; } = Entries.Select(e => e.Create).FirstOrDefault(c => c is not null);

    /// <summary>Runs whose files go first: the parent of the run it creates, or the run itself when another file creates it.</summary>
    public List<string> DependsOn { get; } = [];
}

/// <summary>
/// The order spool files upload in: a file that creates a run before every other file writing to that run, and a
/// parent run's creation before its children's, whatever the files' ages. Otherwise oldest first.
/// </summary>
internal static class SpoolOrder
{
    public static List<SpoolFile> Sort(IReadOnlyList<SpoolFile> files)
    {
        var creators = new Dictionary<string, SpoolFile>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (file.Creation is not null)
            {
                creators.TryAdd(file.RunId, file);
            }
        }

        foreach (var file in files)
        {
            if (file.Creation?.ParentRunId is { } parent && creators.ContainsKey(parent))
            {
                file.DependsOn.Add(parent);
            }
            else if (file.Creation is null && creators.ContainsKey(file.RunId))
            {
                file.DependsOn.Add(file.RunId);
            }
        }

        var ordered = new List<SpoolFile>(files.Count);
        var visiting = new HashSet<SpoolFile>();
        var done = new HashSet<SpoolFile>();
        foreach (var file in files)
        {
            Visit(file);
        }

        return ordered;

        void Visit(SpoolFile file)
        {
            if (done.Contains(file) || !visiting.Add(file))
            {
                return; // done, or a cycle (a run cannot be its own ancestor; never loop on a corrupt spool)
            }

            foreach (var run in file.DependsOn)
            {
                Visit(creators[run]);
            }

            visiting.Remove(file);
            done.Add(file);
            ordered.Add(file);
        }
    }
}
