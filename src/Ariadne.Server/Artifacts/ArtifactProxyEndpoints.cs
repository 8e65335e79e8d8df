using Ariadne.Content;
using Ariadne.Remotes;
using Ariadne.Server.Hosting;
using Ariadne.Server.Mlflow;
using Ariadne.Tracking;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using static Ariadne.Server.Hosting.ApiContext;

namespace Ariadne.Server.Artifacts;

/// <summary>
/// MLflow's artifact proxy, <c>/api/2.0/mlflow-artifacts/artifacts/&lt;experiment&gt;/&lt;run&gt;/artifacts/&lt;path&gt;</c>:
/// PUT uploads a file, GET downloads it, GET on the bare endpoint with <c>?path=</c> lists a folder. Content is stored
/// by BLAKE3 hash in the artifact store (a folder or S3) and the path is recorded on the run, so request paths never
/// touch the file system; every path is checked (<see cref="ArtifactPath"/>) on the raw request target too, before
/// the server's own dot-segment normalisation can hide a '..'. Downloads stream from the store, verified against their
/// hash (<see cref="ArtifactDownload"/>).
/// </summary>
internal static class ArtifactProxyEndpoints
{
    public const string Prefix = "/api/2.0/mlflow-artifacts/artifacts";

    public static void Map(IEndpointRouteBuilder app, ITrackingStore store, IObjectStore? artifacts, TrackingServerOptions options)
    {
        app.MapGet(Prefix, Endpoint(async context =>
        {
            var path = ArtifactPath.Check(context.Request.Query["path"].ToString(), allowEmpty: true);
            var (run, relative) = await ResolveAsync(store, path, context.RequestAborted).ConfigureAwait(false);
            var all = await store.ListArtifactsAsync(run.RunId, context.RequestAborted).ConfigureAwait(false);
            var files = ArtifactTree.Children(all, relative)
                .Select(f => f with { Path = relative.Length == 0 ? f.Path : f.Path[(relative.Length + 1)..] })
                .ToList();
            await WriteJsonAsync(context, new ArtifactProxyListResponse(files), MlflowJsonContext.Default.ArtifactProxyListResponse).ConfigureAwait(false);
        }));

        app.MapGet(Prefix + "/{**path}", Endpoint(async context =>
        {
            var store2 = artifacts ?? throw NoArtifactStore();
            var (run, relative) = await ResolveAsync(store, RawPath(context), context.RequestAborted).ConfigureAwait(false);
            var all = await store.ListArtifactsAsync(run.RunId, context.RequestAborted).ConfigureAwait(false);
            var artifact = all.FirstOrDefault(a => a.Path == relative)
                ?? throw ApiException.NotFound($"Run {run.RunId} has no artifact '{relative}'.");
            await RefuseSealedAsync(store2, all, artifact, context.RequestAborted).ConfigureAwait(false);
            await ArtifactDownload.SendAsync(context, store2, artifact).ConfigureAwait(false);
        }));

        app.MapPut(Prefix + "/{**path}", Endpoint(async context =>
        {
            var store2 = artifacts ?? throw NoArtifactStore();
            var (run, relative) = await ResolveAsync(store, RawPath(context), context.RequestAborted).ConfigureAwait(false);
            if (relative.Length == 0)
            {
                throw ApiException.InvalidParameter("Give the artifact a path under the run's artifact root, e.g. .../artifacts/model/weights.bin.");
            }

            if (context.Request.ContentLength is { } declared && declared > options.MaxArtifactBytes)
            {
                throw ApiException.TooLarge(options.MaxArtifactBytes);
            }

            var temp = TempFile(options);
            try
            {
                var (hash, size) = await ReceiveAsync(context, temp, options.MaxArtifactBytes).ConfigureAwait(false);
                // Always stored, even when the store has the object: an upload repairs a damaged copy.
                await store2.PutAsync(hash, temp, context.RequestAborted).ConfigureAwait(false);

                await store.LogArtifactsAsync(run.RunId, [new RunArtifact(relative, hash.Hex, size)], context.RequestAborted).ConfigureAwait(false);
                await OkAsync(context).ConfigureAwait(false);
            }
            finally
            {
                File.Delete(temp);
            }
        }));
    }

    /// <summary>
    /// Refuses the sealed part of a split that a run logged before sealed parts moved into the content cache (found
    /// through the split.json logged next to it): a preview or download would be a read the holdout ledger never sees.
    /// </summary>
    private static async Task RefuseSealedAsync(IObjectStore artifacts, IReadOnlyList<RunArtifact> all, RunArtifact artifact, CancellationToken cancellationToken)
    {
        var sealedParts = await Data.Splitting.SealedParts.AmongArtifactsAsync(all, async (manifest, ct) =>
        {
            if (!ContentHash.TryParse(manifest.Hash, out var hash) || !await artifacts.ExistsAsync(hash, ct).ConfigureAwait(false))
            {
                return null;
            }

            await using var content = await artifacts.OpenReadAsync(hash, ct).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            await content.CopyToAsync(buffer, ct).ConfigureAwait(false);
            return buffer.ToArray();
        }, cancellationToken).ConfigureAwait(false);
        if (sealedParts.TryGetValue(artifact.Path, out var part))
        {
            var folder = artifact.Path.Contains('/', StringComparison.Ordinal) ? artifact.Path[..artifact.Path.LastIndexOf('/')] : ".";
            throw new ApiException(403, ApiErrors.PermissionDenied,
                $"'{artifact.Path}' is the sealed part '{part}' of the split in {folder}/ (its split.json says so), so it is neither previewed nor downloaded: every read of a sealed test set is recorded in the holdout ledger. Read it with 'ariadne holdout read <split folder> --model NAME --metric NAME' in the workspace.");
        }
    }

    /// <summary>The path after the prefix, from the raw request target (before any normalisation), checked.</summary>
    private static string RawPath(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "";
        var query = raw.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            raw = raw[..query];
        }

        if (!raw.StartsWith(Prefix + "/", StringComparison.Ordinal))
        {
            throw ApiException.InvalidParameter($"Invalid artifact request target '{raw}'.");
        }

        return ArtifactPath.Check(raw[(Prefix.Length + 1)..], allowEmpty: false);
    }

    /// <summary>"&lt;experiment&gt;/&lt;run&gt;/artifacts[/&lt;path&gt;]" as the run it names and the path inside its artifacts.</summary>
    private static async Task<(RunInfo Run, string Relative)> ResolveAsync(ITrackingStore store, string path, CancellationToken cancellationToken)
    {
        var parts = path.Split('/', 4);
        if (parts.Length < 3 || parts[2] != "artifacts")
        {
            throw ApiException.InvalidParameter($"Invalid artifact path '{path}': it must look like '<experiment_id>/<run_id>/artifacts/<path>', as in a run's artifact_uri.");
        }

        var run = await store.GetRunAsync(parts[1], cancellationToken).ConfigureAwait(false);
        if (run.Info.ExperimentId != parts[0])
        {
            throw ApiException.NotFound($"Run {parts[1]} is not in experiment {parts[0]}.");
        }

        return (run.Info, parts.Length == 4 ? ArtifactPath.CheckRelative(parts[3]) : "");
    }

    private static async Task<(ContentHash Hash, long Size)> ReceiveAsync(HttpContext context, string temp, long limit)
    {
        using var hasher = Blake3.Hasher.New();
        var buffer = new byte[1 << 16];
        long size = 0;
        await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                size += read;
                if (size > limit)
                {
                    throw ApiException.TooLarge(limit);
                }

                hasher.Update(buffer.AsSpan(0, read));
                await file.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted).ConfigureAwait(false);
            }
        }

        return (ContentHash.FromBytes(hasher.Finalize().AsSpan()), size);
    }

    private static string TempFile(TrackingServerOptions options)
    {
        var folder = options.TempFolder ?? Path.Combine(Path.GetTempPath(), "ariadne-server");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, $"{Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}.part");
    }

    /// <summary>
    /// Removes the <c>.part</c> files of uploads that a killed server left (those whose process is gone, or that
    /// carry no process id); uploads of servers still running in the same folder are left alone.
    /// </summary>
    public static void RemoveAbandonedUploads(TrackingServerOptions options)
    {
        var folder = options.TempFolder ?? Path.Combine(Path.GetTempPath(), "ariadne-server");
        if (!Directory.Exists(folder))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*.part"))
        {
            var name = Path.GetFileName(file);
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0 && int.TryParse(name.AsSpan(0, dash), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid) && IsRunning(pid))
            {
                continue;
            }

            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // Someone else is cleaning up too.
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static ApiException NoArtifactStore() =>
        new(501, ApiErrors.InvalidParameterValue, "This server serves no artifacts. Start it with --artifacts DIR or --artifacts s3://bucket/prefix.");
}
