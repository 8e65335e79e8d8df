namespace Ariadne.Workspace;

/// <summary>A path tracked in a repository: its data path and pointer file (relative to the repository root) and what the pointer records.</summary>
internal sealed record RepositoryEntry(string Path, string PointerPath, PointerFile Pointer);
