namespace Ariadne.Workspace;

/// <summary>
/// The status of one tracked path. <see cref="MissingObjects"/> counts the pointer's objects that are not in the cache
/// ("not in cache": fetch them before a checkout can restore the data).
/// </summary>
internal sealed record OutputStatus(
    string Path,
    string PointerPath,
    PointerKind Kind,
    OutputState State,
    int MissingObjects,
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Modified,
    IReadOnlyList<string> Deleted)
{
    /// <summary>
    /// Modified files that are hard links into the cache: the edit changed the recorded cache object too, so
    /// <c>checkout --force</c> cannot restore them until <c>verify --repair</c> fetches a good copy. "path (object …)".
    /// </summary>
    public IReadOnlyList<string> ChangedInCache { get; init; } = [];

    public bool NotInCache => MissingObjects > 0;

    public bool IsClean => State == OutputState.Unchanged && !NotInCache;
}
