using Ariadne.Content;

namespace Ariadne.Workspace;

/// <summary>What <c>ariadne add</c> did for one path.</summary>
internal sealed record AddResult(string Path, string PointerPath, PointerKind Kind, ContentHash Hash, long Size, long Files, bool Changed, int NewObjects);
