using Ariadne.Content;
using Ariadne.Workspace;

namespace Ariadne.Pipelines;

/// <summary>A dependency or output as the lock file records it: the path and the content it held (a folder by its manifest hash).</summary>
internal sealed record LockedPath(string Path, PointerKind Kind, ContentHash Hash, long Size, long Files);
