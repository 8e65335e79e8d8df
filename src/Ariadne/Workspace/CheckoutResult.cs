namespace Ariadne.Workspace;

/// <summary>What <c>ariadne checkout</c> did. Paths whose content is not in the cache are listed, not silently skipped.</summary>
public sealed record CheckoutResult(int Restored, int Removed, int Unchanged, IReadOnlyList<string> NotInCache)
{
    public bool Complete => NotInCache.Count == 0;
}
