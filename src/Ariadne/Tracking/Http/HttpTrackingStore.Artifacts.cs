using System.Globalization;
using Ariadne.Content;

namespace Ariadne.Tracking.Http;

internal sealed partial class HttpTrackingStore
{
    /// <summary>Bytes per upload request: large enough for throughput, small enough that a broken request costs little.</summary>
    public const int DefaultChunkBytes = 4 << 20;

    private readonly Lock _sourcesGate = new();
    private readonly List<ObjectCache> _contentSources = [];
    private ObjectCache? _staging;
    private long _bytesUploaded;

    /// <summary>Bytes per chunk of an artifact upload (tests make it small to break uploads half-way).</summary>
    public int ChunkBytes { get; init; } = DefaultChunkBytes;

    /// <summary>
    /// Where artifact content waits until the server has it when the run has no workspace cache: <c>content/</c> in this
    /// server's spool folder, so a program that ends offline leaves the bytes for <c>ariadne sync</c>. An object is
    /// removed from here once the server holds it.
    /// </summary>
    public ObjectCache Staging
    {
        get
        {
            lock (_sourcesGate)
            {
                return _staging ??= new ObjectCache(Path.Combine(_spool.Folder, "content"), Path.Combine(_spool.Folder, "content", "tmp"), []);
            }
        }
    }

    /// <summary>Artifact bytes this store has sent to the server so far (content the server already had costs none).</summary>
    public long BytesUploaded => Interlocked.Read(ref _bytesUploaded);

    /// <summary>A cache (the run's workspace cache) whose objects this store uploads when a run records them as artifacts.</summary>
    public void AddContentSource(ObjectCache cache)
    {
        lock (_sourcesGate)
        {
            if (!_contentSources.Any(c => c.ObjectsFolder == cache.ObjectsFolder))
            {
                _contentSources.Add(cache);
            }
        }
    }

    /// <summary>The local file holding <paramref name="hash"/>'s bytes (the staging area or a content source), or null.</summary>
    private string? LocalContent(string hash)
    {
        if (!ContentHash.TryParse(hash, out var parsed))
        {
            return null;
        }

        List<ObjectCache> caches;
        lock (_sourcesGate)
        {
            caches = [.. _contentSources];
        }

        caches.Add(Staging);
        return caches.Select(c => c.PathOf(parsed)).FirstOrDefault(File.Exists);
    }

    /// <summary>
    /// Makes sure the server holds every object in <paramref name="content"/>: asks which it lacks, then uploads each
    /// in chunks from the offset the server already has (an upload broken off resumes). Staged copies go once the
    /// server has them. A source that vanished before the upload is an InvalidArgument (the entry is set aside).
    /// </summary>
    private async Task UploadContentAsync(IReadOnlyList<ContentMessage> content, CancellationToken cancellationToken)
    {
        var hashes = content.Select(c => c.Hash!).Distinct(StringComparer.Ordinal).ToList();
        var missing = await PostAsync("api/ariadne/artifacts/missing", new MissingContentRequest { Hashes = hashes }, Own.MissingContentRequest, Own.MissingContentResponse, cancellationToken).ConfigureAwait(false);
        if (!missing.KeepsContent)
        {
            // A server without an artifact store records paths and hashes only; its downloads say how to start it with one.
            return;
        }

        var lacking = missing.Missing.ToHashSet(StringComparer.Ordinal);
        foreach (var item in content.DistinctBy(c => c.Hash))
        {
            if (lacking.Contains(item.Hash!))
            {
                var source = item.Source is { } s && File.Exists(s) ? s : LocalContent(item.Hash!)
                    ?? throw AriadneException.InvalidArgument($"The content of artifact {item.Hash} ({item.Source}) is gone from this machine before the server received it, so it cannot be uploaded. Log the artifact again.");
                await UploadObjectAsync(source, item.Hash!, cancellationToken).ConfigureAwait(false);
            }

            if (ContentHash.TryParse(item.Hash, out var hash) && Staging.Contains(hash))
            {
                File.Delete(Staging.PathOf(hash));
            }
        }
    }

    private async Task UploadObjectAsync(string source, string hash, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
        var size = file.Length;
        var path = $"api/ariadne/artifacts/uploads/{hash}";
        var state = await _transport.GetAsync(path, Own.UploadStateResponse, cancellationToken).ConfigureAwait(false)
            ?? throw AriadneException.StoreFailure(_transport.Description, $"an empty answer to {path}");
        var buffer = new byte[(int)Math.Min(ChunkBytes, Math.Max(size, 1))];
        var conflicts = 0;
        while (!state.Complete)
        {
            file.Position = state.Offset;
            var read = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            var chunk = read == buffer.Length ? buffer : buffer[..read];
            var query = $"{path}?offset={state.Offset.ToString(CultureInfo.InvariantCulture)}&size={size.ToString(CultureInfo.InvariantCulture)}";
            try
            {
                state = await _transport.SendBytesAsync(HttpMethod.Put, query, chunk, Own.UploadStateResponse, cancellationToken).ConfigureAwait(false)
                    ?? throw AriadneException.StoreFailure(_transport.Description, $"an empty answer to {path}");
                Interlocked.Add(ref _bytesUploaded, read);
            }
            catch (AriadneException e) when (e.Code == ErrorCode.InvalidArgument && e.Message.Contains("must start at offset", StringComparison.Ordinal) && ++conflicts < 3)
            {
                // Another upload of the same object moved on meanwhile: continue from where the server is.
                state = await _transport.GetAsync(path, Own.UploadStateResponse, cancellationToken).ConfigureAwait(false)
                    ?? throw AriadneException.StoreFailure(_transport.Description, $"an empty answer to {path}");
            }

            if (!state.Complete && read == 0)
            {
                throw AriadneException.InvalidArgument($"The artifact content {source} is shorter than when its upload began; it changed while it was sent. Log the artifact again.");
            }
        }
    }

    /// <summary>
    /// Downloads one artifact of a run through the server's artifact proxy into <paramref name="destination"/>; the bytes
    /// must hash to the recorded hash, else nothing is left at the destination.
    /// </summary>
    public async Task DownloadArtifactAsync(string experimentId, string runId, RunArtifact artifact, string destination, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(destination);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".download";
        try
        {
            var path = string.Join('/', artifact.Path.Split('/').Select(Uri.EscapeDataString));
            try
            {
                await _transport.DownloadAsync($"api/2.0/mlflow-artifacts/artifacts/{Uri.EscapeDataString(experimentId)}/{Uri.EscapeDataString(runId)}/artifacts/{path}", temp, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e) when (!cancellationToken.IsCancellationRequested)
            {
                // The server hashes what it sends and breaks the connection off before the end when its stored bytes do
                // not match the record; a network failure looks the same from here.
                throw AriadneException.StoreFailure(_transport.Description, $"the download of artifact '{artifact.Path}' ({artifact.Hash}) broke off before its end ({e.Message}); nothing was kept. The server stops sending an artifact whose stored bytes do not match their recorded hash, so its copy may be damaged: download it again, and if it breaks off again, ask the server's admin to check its artifact store", e);
            }
            var actual = ContentHasher.HashFile(temp);
            if (actual.Hex != artifact.Hash)
            {
                throw AriadneException.StoreFailure(_transport.Description, $"the artifact '{artifact.Path}' arrived with the hash {actual.Hex}, not the recorded {artifact.Hash}; nothing was kept. Download it again");
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
