namespace Ariadne.Workspace;

/// <summary>What <c>ariadne move</c> did: the old and new data paths and pointer files (workspace-relative).</summary>
internal sealed record MoveResult(string OldPath, string NewPath, string OldPointerPath, string NewPointerPath);
