namespace Ariadne.Lineage;

/// <summary>Data on a lineage path, by content hash, with what is known of where it came from.</summary>
internal sealed class LineageData(string hash)
{
    public string Hash { get; } = hash;

    public string Id => "data:" + Hash;

    /// <summary>Paths the bytes had where runs read or wrote them, and in pointer files.</summary>
    public SortedSet<string> Paths { get; } = new(StringComparer.Ordinal);

    public long? Size { get; set; }

    public bool IsFolder { get; set; }

    public DataOrigin Origin { get; set; }

    /// <summary>Pointer files that track the bytes, with the git commits that added them.</summary>
    public List<PointerRecord> Pointers { get; } = [];

    /// <summary>Registered dataset versions with this hash, as name@version.</summary>
    public List<string> Datasets { get; } = [];

    /// <summary>For <see cref="DataOrigin.Git"/>: the commit that holds the file.</summary>
    public string? GitCommit { get; set; }

    /// <summary>Why this is a gap, in words.</summary>
    public string? GapReason { get; set; }

    /// <summary>A short name: the first path, else the hash's first 12 digits.</summary>
    public string Label => Paths.Count > 0 ? Paths.Min! : Hash[..Math.Min(12, Hash.Length)];
}

/// <summary>A pointer file that tracks data, and the git commits that wrote this hash into it (newest first).</summary>
internal sealed record PointerRecord(string Path, IReadOnlyList<GitCommitRecord> Commits);

/// <summary>A git commit: id, author date (ISO 8601) and subject.</summary>
internal sealed record GitCommitRecord(string Commit, string Date, string Subject);
