namespace Ariadne.Tracking;

/// <summary>
/// Part of the tracking-store contract (<see cref="ITrackingStore"/> extends it; every store implements it): runs by
/// content hash, the step lineage takes from a file's bytes to the run that wrote them (upstream) or to the runs that
/// read them (downstream). Stores answer through an index on the hash columns, never by scanning runs.
/// </summary>
public interface IContentIndex
{
    /// <summary>
    /// Every record of the runs that read (<see cref="ContentDirection.Read"/>) or wrote
    /// (<see cref="ContentDirection.Written"/>) any of <paramref name="hashes"/> (at most
    /// 1,000 per call; more is InvalidArgument), deleted runs included, ordered by hash, run id and path.
    /// </summary>
    Task<IReadOnlyList<ContentRecord>> FindContentAsync(IReadOnlyList<string> hashes, ContentDirection direction, CancellationToken cancellationToken);
}
