namespace Ariadne.Workspace;

/// <summary>What <c>ariadne remove</c> did: the path no longer tracked, its removed pointer file, and whether the workspace files went too.</summary>
internal sealed record RemoveResult(string Path, string PointerPath, bool DataRemoved);
