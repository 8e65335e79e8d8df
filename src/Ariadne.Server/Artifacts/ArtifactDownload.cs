using Ariadne.Content;
using Ariadne.Remotes;
using Ariadne.Server.Hosting;
using Ariadne.Tracking;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Ariadne.Server.Artifacts;

/// <summary>
/// Sends an artifact straight from the content store, hashing every byte of the object as it goes, with single
/// <c>Range</c> requests (206) for the web UI's previews. Nothing is copied to disk. An object up to
/// <see cref="VerifiedFirst"/> bytes is read and verified before a byte is sent (a mismatch is a 500 that says so);
/// a larger one is streamed, and the last piece of the response is held back until the whole object has been hashed,
/// so on a mismatch the connection is cut and the client never gets a complete body.
/// </summary>
internal static class ArtifactDownload
{
    public const int VerifiedFirst = 64 << 10;

    public static async Task SendAsync(HttpContext context, IObjectStore store, RunArtifact artifact)
    {
        var cancellationToken = context.RequestAborted;
        if (!ContentHash.TryParse(artifact.Hash, out var expected))
        {
            throw Corrupt(store, artifact, $"its record holds '{artifact.Hash}', which is not a content hash");
        }

        var size = artifact.Size;
        var (start, end, partial) = RangeOf(context.Request, size);
        if (start > end && size > 0)
        {
            context.Response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
            context.Response.Headers.ContentRange = $"bytes */{size}";
            return;
        }

        using var hasher = Blake3.Hasher.New();
        await using var source = await store.OpenReadAsync(expected, cancellationToken).ConfigureAwait(false);
        if (size <= VerifiedFirst)
        {
            var whole = new byte[size + 1];
            var total = 0;
            int read;
            while (total < whole.Length && (read = await source.ReadAsync(whole.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
            }

            hasher.Update(whole.AsSpan(0, total));
            var actual = ContentHash.FromBytes(hasher.Finalize().AsSpan());
            if (total != size || actual != expected)
            {
                throw Corrupt(store, artifact, total != size
                    ? $"the store holds {(total > size ? "more than" : total.ToString(System.Globalization.CultureInfo.InvariantCulture))} bytes, not the {size} recorded"
                    : $"its content hashes to {actual.Hex}, not {expected.Hex}");
            }

            WriteHeaders(context.Response, start, end, size, partial);
            await context.Response.Body.WriteAsync(whole.AsMemory((int)start, (int)(end - start + 1)), cancellationToken).ConfigureAwait(false);
            return;
        }

        WriteHeaders(context.Response, start, end, size, partial);
        var buffer = new byte[1 << 16];
        byte[]? held = null;
        var heldLength = 0;
        long position = 0;
        int count;
        while ((count = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            hasher.Update(buffer.AsSpan(0, count));
            var from = Math.Max(start, position);
            var to = Math.Min(end + 1, position + count);
            position += count;
            if (position > size)
            {
                break;
            }

            if (from >= to)
            {
                continue;
            }

            if (held is not null)
            {
                await context.Response.Body.WriteAsync(held.AsMemory(0, heldLength), cancellationToken).ConfigureAwait(false);
            }

            held ??= new byte[buffer.Length];
            heldLength = (int)(to - from);
            buffer.AsSpan((int)(from - (position - count)), heldLength).CopyTo(held);
        }

        var hash = ContentHash.FromBytes(hasher.Finalize().AsSpan());
        if (position != size || hash != expected)
        {
            var logger = context.RequestServices.GetService(typeof(ILogger<TrackingServer>)) as ILogger;
            logger?.LogError("Request {RequestId}: artifact {Path} is corrupt in {Store} (read {Bytes} bytes hashing to {Actual}, recorded {Size} bytes hashing to {Expected}); the connection was cut",
                context.TraceIdentifier, artifact.Path, store.Description, position, hash.Hex, size, expected.Hex);
            context.Abort();
            return;
        }

        if (held is not null)
        {
            await context.Response.Body.WriteAsync(held.AsMemory(0, heldLength), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The bytes to send, inclusive: a single satisfiable range gives 206, anything else the whole object.</summary>
    private static (long Start, long End, bool Partial) RangeOf(HttpRequest request, long size)
    {
        var header = request.Headers.Range.ToString();
        if (size == 0 || header.Length == 0 || !RangeHeaderValue.TryParse(header, out var range) || range.Unit != "bytes" || range.Ranges.Count != 1)
        {
            return (0, size - 1, false);
        }

        var item = range.Ranges.First();
        long start;
        long end;
        if (item.From is { } from)
        {
            start = from;
            end = Math.Min(item.To ?? size - 1, size - 1);
        }
        else
        {
            var suffix = Math.Min(item.To ?? 0, size);
            start = size - suffix;
            end = size - 1;
        }

        return start > end || start >= size ? (1, 0, true) : (start, end, true);
    }

    private static void WriteHeaders(HttpResponse response, long start, long end, long size, bool partial)
    {
        response.ContentType = "application/octet-stream";
        response.Headers.AcceptRanges = "bytes";
        response.ContentLength = Math.Max(0, end - start + 1);
        if (partial)
        {
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = $"bytes {start}-{end}/{size}";
        }
    }

    private static ApiException Corrupt(IObjectStore store, RunArtifact artifact, string why) =>
        new(500, ApiErrors.InternalError,
            $"Artifact '{artifact.Path}' is corrupt in the artifact store {store.Description}: {why}. Nothing was sent; an admin should check the store with 'ariadne verify', or upload the file again to repair it.");
}
