using Ariadne.Content;

namespace Ariadne.Workspace;

/// <summary>How a tracked file differs between a git revision and the workspace.</summary>
internal enum DiffChange
{
    Added,
    Modified,
    Deleted,
}

/// <summary>One changed tracked file; a hash is null where that side has no file.</summary>
internal sealed record DiffEntry(string Path, DiffChange Change, ContentHash? OldHash, ContentHash? NewHash);
