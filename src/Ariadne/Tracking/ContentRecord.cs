namespace Ariadne.Tracking;

/// <summary>
/// One run's record of a content hash: the run that read or wrote it, the path it had there (the artifact path for a
/// write; the pointer or dependency path for a read, when one was recorded) and, for a read, its role. <see cref="Size"/>
/// is the artifact's size for a write that <see cref="IContentIndex.TraceContentAsync"/> returns; null otherwise.
/// </summary>
public sealed record ContentRecord(string Hash, string RunId, ContentDirection Direction, string? Path, string? Role, long? Size = null);
