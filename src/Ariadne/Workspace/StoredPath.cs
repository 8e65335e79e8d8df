namespace Ariadne.Workspace;

/// <summary>What storing a file or folder in the cache recorded: what a pointer file would hold, and how many objects were new.</summary>
internal readonly record struct StoredPath(PointerKind Kind, Content.ContentHash Hash, long Size, long Files, int NewObjects);
