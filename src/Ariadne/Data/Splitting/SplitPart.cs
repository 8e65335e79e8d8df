namespace Ariadne.Data.Splitting;

/// <summary>One written part: its name, file (relative to the manifest), rows, content hash, and whether it is sealed with what budget.</summary>
public sealed record SplitPart(string Name, string File, long Rows, string Blake3, bool Sealed, int? Budget)
{
    /// <summary>
    /// For a sealed part kept in the workspace's content cache: the file name of its <see cref="Workspace.SealedPointer"/>
    /// (<c>test.csv.sealed</c>), which lies in the split folder in place of <see cref="File"/>. Null when the part is a plain file.
    /// </summary>
    public string? Pointer { get; init; }
}
