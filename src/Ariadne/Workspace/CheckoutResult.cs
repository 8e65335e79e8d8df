namespace Ariadne.Workspace;

/// <summary>
/// What <c>ariadne checkout</c> did. Paths whose content is not in the cache are listed, not silently skipped, and so
/// are paths whose cache object no longer matches its hash (<see cref="Corrupt"/>): those are left as they were.
/// </summary>
internal sealed record CheckoutResult(int Restored, int Removed, int Unchanged, IReadOnlyList<string> NotInCache)
{
    /// <summary>"path (object …)" for each file not restored because its cache object is corrupt.</summary>
    public IReadOnlyList<string> Corrupt { get; init; } = [];

    public bool Complete => NotInCache.Count == 0 && Corrupt.Count == 0;
}
