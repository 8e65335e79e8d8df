using Ariadne.Content;
using Ariadne.Workspace;

namespace Ariadne.Reproduction;

/// <summary>Tracked data a recorded run read: its path in the workspace, the content hash it had, and whether it is a folder.</summary>
internal sealed record RecordedInput(string Path, ContentHash Hash, PointerKind Kind)
{
    public override string ToString() => $"{Path} (blake3 {Hash.Hex})";
}
