using Ariadne.Content;
using Ariadne.Remotes;
using Ariadne.Server.Hosting;
using Ariadne.Tracking;

namespace Ariadne.Server.Artifacts;

/// <summary>
/// Artifact records a client logs (<c>/api/ariadne/runs/log-artifacts</c>) checked against what the server knows: the
/// hash must be a content hash, and when the artifact store already holds the object, the size must be its size. An
/// object not there yet is accepted (the SDK records first and pushes content later); downloads verify it then.
/// </summary>
internal static class ArtifactRecordCheck
{
    public static async Task<RunArtifact> CheckAsync(IObjectStore? store, RunArtifact artifact, CancellationToken cancellationToken)
    {
        if (!ContentHash.TryParse(artifact.Hash, out var hash))
        {
            throw ApiException.InvalidParameter(
                $"Artifact '{artifact.Path}' has the hash '{artifact.Hash}', which is not a content hash (64 lowercase hex digits of BLAKE3). Send the hash the SDK computed for the file.");
        }

        if (artifact.Size < 0)
        {
            throw ApiException.InvalidParameter($"Artifact '{artifact.Path}' has a negative size ({artifact.Size}).");
        }

        if (store is null || !await store.ExistsAsync(hash, cancellationToken).ConfigureAwait(false))
        {
            return artifact with { Hash = hash.Hex };
        }

        long size;
        await using (var content = await store.OpenReadAsync(hash, cancellationToken).ConfigureAwait(false))
        {
            size = content.CanSeek ? content.Length : await CountAsync(content, cancellationToken).ConfigureAwait(false);
        }

        return size == artifact.Size
            ? artifact with { Hash = hash.Hex }
            : throw ApiException.InvalidParameter(
                $"Artifact '{artifact.Path}' claims {artifact.Size} bytes, but the artifact store holds {size} bytes under hash {hash.Hex}. Send the file's real size.");
    }

    private static async Task<long> CountAsync(Stream content, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
        }

        return total;
    }
}
