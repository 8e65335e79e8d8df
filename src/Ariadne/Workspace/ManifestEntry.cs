using Ariadne.Content;

namespace Ariadne.Workspace;

/// <summary>One file of a tracked folder: its path relative to the folder (with '/'), content hash and size.</summary>
internal readonly record struct ManifestEntry(string Path, ContentHash Hash, long Size);
