using Ariadne.Content;

namespace Ariadne.Workspace;

/// <summary>
/// One line of <c>ariadne ls</c>: a tracked path (or, when a tracked folder is listed, one of its files), its kind,
/// content hash, size and file count, and the import source a pointer records.
/// </summary>
internal sealed record ListedPath(string Path, PointerKind Kind, ContentHash Hash, long Size, long Files, ImportSource? Source);
