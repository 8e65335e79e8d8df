using System.Globalization;
using Ariadne.Content;
using Ariadne.Remotes;
using Ariadne.Server.Hosting;
using Ariadne.Tracking.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Ariadne.Server.Hosting.ApiContext;

namespace Ariadne.Server.Artifacts;

/// <summary>
/// Content-addressed artifact uploads for the SDK (docs/server.md, "Artifact content"):
/// <c>POST artifacts/missing</c> says which BLAKE3 hashes the artifact store lacks, <c>GET artifacts/uploads/&lt;hash&gt;</c>
/// how many bytes of an object have arrived, and <c>PUT artifacts/uploads/&lt;hash&gt;?offset=N&amp;size=S</c> appends
/// one chunk at offset N of an object of S bytes. The chunks collect in <c>uploads/&lt;hash&gt;.upload</c> under the
/// server's temp folder, which survives a restart, so an upload broken off (a killed client or server) resumes where
/// it stopped. When the last chunk arrives the whole object is hashed: it enters the artifact store only when it
/// matches its name. Records still go through <c>runs/log-artifacts</c>.
/// </summary>
internal static class ContentUploadEndpoints
{
    private static readonly KeyedGate Gates = new();

    public static void Map(IEndpointRouteBuilder api, IObjectStore? artifacts, TrackingServerOptions options)
    {
        api.MapPost("artifacts/missing", Endpoint(async context =>
        {
            var request = await ReadAsync(context, AriadneJsonContext.Default.MissingContentRequest).ConfigureAwait(false);
            if (artifacts is not { } store)
            {
                await WriteJsonAsync(context, new MissingContentResponse([], KeepsContent: false), AriadneJsonContext.Default.MissingContentResponse).ConfigureAwait(false);
                return;
            }

            var missing = new List<string>();
            foreach (var text in request.Hashes ?? [])
            {
                var hash = Parse(text);
                if (!await store.ExistsAsync(hash, context.RequestAborted).ConfigureAwait(false))
                {
                    missing.Add(hash.Hex);
                }
            }

            await WriteJsonAsync(context, new MissingContentResponse(missing), AriadneJsonContext.Default.MissingContentResponse).ConfigureAwait(false);
        }));

        api.MapGet("artifacts/uploads/{hash}", Endpoint(async context =>
        {
            var store = artifacts ?? throw NoArtifactStore();
            var hash = Parse(context.Request.RouteValues["hash"] as string);
            var state = await store.ExistsAsync(hash, context.RequestAborted).ConfigureAwait(false)
                ? new UploadStateResponse(0, Complete: true)
                : new UploadStateResponse(Received(PartialFile(options, hash)), Complete: false);
            await WriteJsonAsync(context, state, AriadneJsonContext.Default.UploadStateResponse).ConfigureAwait(false);
        }));

        api.MapPut("artifacts/uploads/{hash}", Endpoint(async context =>
        {
            var store = artifacts ?? throw NoArtifactStore();
            var hash = Parse(context.Request.RouteValues["hash"] as string);
            var offset = Number(context, "offset");
            var size = Number(context, "size");
            if (size > options.MaxArtifactBytes)
            {
                throw ApiException.TooLarge(options.MaxArtifactBytes);
            }

            using (await Gates.EnterAsync(hash.Hex, context.RequestAborted).ConfigureAwait(false))
            {
                var state = await AppendAsync(context, store, options, hash, offset, size).ConfigureAwait(false);
                await WriteJsonAsync(context, state, AriadneJsonContext.Default.UploadStateResponse).ConfigureAwait(false);
            }
        }));
    }

    private static async Task<UploadStateResponse> AppendAsync(HttpContext context, IObjectStore store, TrackingServerOptions options, ContentHash hash, long offset, long size)
    {
        if (await store.ExistsAsync(hash, context.RequestAborted).ConfigureAwait(false))
        {
            return new UploadStateResponse(size, Complete: true);
        }

        var partial = PartialFile(options, hash);
        var received = Received(partial);
        if (offset != received)
        {
            throw new ApiException(409, ApiErrors.InvalidParameterValue,
                $"The upload of {hash.Hex} has {received.ToString(CultureInfo.InvariantCulture)} bytes so far, so the next chunk must start at offset {received.ToString(CultureInfo.InvariantCulture)}, not {offset.ToString(CultureInfo.InvariantCulture)}. Ask GET artifacts/uploads/{hash.Hex} and continue from there.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(partial)!);
        var buffer = new byte[1 << 16];
        await using (var file = new FileStream(partial, FileMode.Append, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (file.Position + read > size)
                {
                    file.SetLength(offset);
                    throw ApiException.InvalidParameter($"The chunk runs past the object's declared size of {size.ToString(CultureInfo.InvariantCulture)} bytes. Send size= as the whole file's length.");
                }

                await file.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted).ConfigureAwait(false);
            }

            await file.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            received = file.Length;
        }

        if (received < size)
        {
            return new UploadStateResponse(received, Complete: false);
        }

        var actual = ContentHasher.HashFile(partial);
        if (actual != hash)
        {
            File.Delete(partial);
            throw ApiException.InvalidParameter(
                $"The {size.ToString(CultureInfo.InvariantCulture)} bytes uploaded as {hash.Hex} hash to {actual.Hex}; the upload was discarded. Upload the file again (it may have changed while it was sent).");
        }

        await store.PutAsync(hash, partial, context.RequestAborted).ConfigureAwait(false);
        File.Delete(partial);
        return new UploadStateResponse(size, Complete: true);
    }

    /// <summary>Where an object's chunks collect: kept across restarts (the abandoned-upload sweep takes only <c>*.part</c>).</summary>
    private static string PartialFile(TrackingServerOptions options, ContentHash hash) =>
        Path.Combine(options.TempFolder ?? Path.Combine(Path.GetTempPath(), "ariadne-server"), "uploads", hash.Hex + ".upload");

    private static long Received(string partial) => File.Exists(partial) ? new FileInfo(partial).Length : 0;

    private static ContentHash Parse(string? text) => ContentHash.TryParse(text, out var hash)
        ? hash
        : throw ApiException.InvalidParameter($"'{text}' is not a content hash (64 lowercase hex digits of BLAKE3).");

    private static long Number(HttpContext context, string name)
    {
        var text = context.Request.Query[name].ToString();
        if (text.Length == 0)
        {
            throw ApiException.MissingParameter(name);
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw ApiException.InvalidParameter($"'{name}' is '{text}', not a whole number of bytes.");
    }

    private static ApiException NoArtifactStore() =>
        new(501, ApiErrors.InvalidParameterValue, "This server keeps no artifact content, so artifacts cannot be uploaded. Start it with --artifacts DIR or --artifacts s3://bucket/prefix (in a workspace, the workspace cache is the default).");
}
