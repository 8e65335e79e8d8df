using Ariadne.Content;

namespace Ariadne.Remotes;

/// <summary>Optional capability: a store that can list what it holds, cheaper than asking object by object.</summary>
public interface IObjectListing
{
    IAsyncEnumerable<ContentHash> ListAsync(CancellationToken cancellationToken);
}
