namespace Ariadne.Data.Holdout;

/// <summary>
/// A recorded read of a sealed part: where its bytes are, the ledger entry, and how many of the budget's reads are
/// spent now. For a part kept in the content cache, <see cref="Path"/> is a private copy in a temporary folder,
/// made for this read; disposing deletes it. For a split made before sealed parts moved into the cache it is the plain
/// part file (<see cref="PlainFile"/>), which disposing leaves alone.
/// </summary>
public sealed record SealedRead(string Path, HoldoutAccess Access, int Reads, int Budget) : IDisposable
{
    /// <summary>Reads of the budget left after this one (0 when it is spent or overridden).</summary>
    public int Left => Math.Max(0, Budget - Reads);

    /// <summary>True when the split still keeps its sealed part as a plain file ('ariadne holdout seal' converts it).</summary>
    public bool PlainFile { get; init; }

    /// <summary>The bytes as a stream.</summary>
    public Stream OpenRead() => File.OpenRead(Path);

    /// <summary>Deletes the private copy (not a plain part file).</summary>
    public void Dispose()
    {
        if (PlainFile)
        {
            return;
        }

        var folder = System.IO.Path.GetDirectoryName(Path);
        if (folder is not null && Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
