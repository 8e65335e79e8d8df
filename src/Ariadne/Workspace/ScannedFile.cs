using Ariadne.Content;

namespace Ariadne.Workspace;

/// <summary>A file as it is in the workspace now: where, its stat, and its content hash.</summary>
internal readonly record struct ScannedFile(string RelativePath, string FullPath, FileStat Stat, ContentHash Hash);
