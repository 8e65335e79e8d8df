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

    /// <summary>
    /// Everything a lineage walk from <paramref name="hashes"/> reaches through content hashes, in one query (a recursive
    /// one where the store has SQL). Downstream (<see cref="ContentDirection.Read"/>): the read records of every hash
    /// reached, and every artifact (with its size) of the runs that read them; a hash such a run wrote is reached too,
    /// and so on. Upstream (<see cref="ContentDirection.Written"/>): the write records (with sizes) of every hash reached,
    /// and every input of the runs that wrote them; a hash such a run read is reached too, and so on. So every hash
    /// reached has all its readers (downstream) or writers (upstream), and every run reached all its artifacts
    /// (downstream) or inputs (upstream). Deleted runs included; at most 1,000 hashes per call (more is
    /// InvalidArgument); ordered by direction (reads first), hash, run id, path and role.
    /// </summary>
    Task<IReadOnlyList<ContentRecord>> TraceContentAsync(IReadOnlyList<string> hashes, ContentDirection direction, CancellationToken cancellationToken);
}
