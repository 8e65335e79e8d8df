namespace Ariadne.Tracking.Http;

// The artifact content upload protocol (docs/server.md, "Artifact content"): ask which hashes the server lacks, then
// send each missing object in chunks it can resume after a break.

/// <summary>POST <c>/api/ariadne/artifacts/missing</c>: the BLAKE3 hashes the client is about to record.</summary>
internal sealed class MissingContentRequest
{
    public List<string>? Hashes { get; set; }
}

/// <summary>
/// The hashes of those the server's artifact store does not hold. <see cref="KeepsContent"/> is false for a server
/// started without an artifact store: it records artifacts by path and hash only (as MLflow without artifact serving).
/// </summary>
internal sealed record MissingContentResponse(IReadOnlyList<string> Missing, bool KeepsContent = true);

/// <summary>
/// GET or PUT <c>/api/ariadne/artifacts/uploads/&lt;hash&gt;</c>: how many bytes of the object the server has received
/// so far (the offset the next chunk must start at), and whether the object is complete in the artifact store.
/// </summary>
internal sealed record UploadStateResponse(long Offset, bool Complete);

/// <summary>
/// Artifact content a spooled <see cref="SpoolEntry.Artifacts"/> entry needs on the server before its records: the hash
/// and the local file that holds the bytes (a workspace cache object or a staged copy). Never sent to the server.
/// </summary>
internal sealed class ContentMessage
{
    public string? Hash { get; set; }

    public string? Source { get; set; }
}
