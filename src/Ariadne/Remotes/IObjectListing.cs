using Ariadne.Content;

namespace Ariadne.Remotes;

/// <summary>
/// Optional capability: a store that can list what it holds with sizes, cheaper than asking object by object. Sizes let
/// push notice an object a store kept half-written (some S3-compatible servers do, when a client dies mid-upload).
/// </summary>
public interface IObjectListing
{
    /// <summary>Every object the store holds, with its size, in no particular order.</summary>
    IAsyncEnumerable<StoredObject> ListAsync(CancellationToken cancellationToken);
}
