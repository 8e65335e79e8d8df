using Ariadne.Content;
using Ariadne.Remotes;

namespace Ariadne.ModelCards;

/// <summary>Where a card's writer reads stored objects: the workspace's content cache, or an object store (a server's artifacts), every byte checked against its hash.</summary>
internal static class ModelCardObjects
{
    /// <summary>Objects in a workspace's cache; an object the cache lacks is null.</summary>
    public static ReadObject FromCache(ObjectCache cache) => async (hex, cancellationToken) =>
    {
        if (!ContentHash.TryParse(hex, out var hash) || !cache.Contains(hash))
        {
            return null;
        }

        return Checked(hash, await File.ReadAllBytesAsync(cache.PathOf(hash), cancellationToken).ConfigureAwait(false), cache.Root);
    };

    /// <summary>Objects in a store; an object it lacks is null.</summary>
    public static ReadObject FromStore(IObjectStore store) => async (hex, cancellationToken) =>
    {
        if (!ContentHash.TryParse(hex, out var hash) || !await store.ExistsAsync(hash, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        await using var stream = await store.OpenReadAsync(hash, cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Checked(hash, buffer.ToArray(), store.Description);
    };

    private static byte[] Checked(ContentHash expected, byte[] bytes, string where)
    {
        var actual = ContentHash.FromBytes(Blake3.Hasher.Hash(bytes).AsSpan());
        return actual == expected
            ? bytes
            : throw AriadneException.ObjectCorrupt(expected.Hex, actual.Hex, where);
    }
}
