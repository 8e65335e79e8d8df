using Ariadne.Content;

namespace Ariadne.Workspace;

/// <summary>
/// What <c>ariadne update</c> did to an imported path: the source before and after, the old and new content hash,
/// and the files added, deleted or modified (one entry for a file).
/// </summary>
internal sealed record UpdateResult(
    string Path,
    string PointerPath,
    ImportSource OldSource,
    ImportSource NewSource,
    ContentHash OldHash,
    ContentHash NewHash,
    IReadOnlyList<DiffEntry> Changes,
    int Downloaded,
    long DownloadedBytes)
{
    public bool Changed => OldHash != NewHash;
}
