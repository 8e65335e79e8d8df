namespace Ariadne.Tracking.Http;

internal sealed partial class HttpTrackingStore
{
    /// <summary>The spelling of a <see cref="ContentDirection"/> on the wire.</summary>
    internal static string DirectionName(ContentDirection direction) => direction == ContentDirection.Read ? "read" : "written";

    public async Task<IReadOnlyList<ContentRecord>> FindContentAsync(IReadOnlyList<string> hashes, ContentDirection direction, CancellationToken cancellationToken)
    {
        var response = await PostAsync("api/ariadne/content/find", new ContentQuery { Hashes = [.. hashes], Direction = DirectionName(direction) },
            Own.ContentQuery, Own.ContentRecordsResponse, cancellationToken).ConfigureAwait(false);
        return [.. response.Records.Select(r => new ContentRecord(r.Hash, r.RunId, direction, r.Path, r.Role))];
    }

    public async Task<IReadOnlyList<ContentRecord>> TraceContentAsync(IReadOnlyList<string> hashes, ContentDirection direction, CancellationToken cancellationToken)
    {
        var response = await PostAsync("api/ariadne/content/trace", new ContentQuery { Hashes = [.. hashes], Direction = DirectionName(direction) },
            Own.ContentQuery, Own.ContentRecordsResponse, cancellationToken).ConfigureAwait(false);
        return [.. response.Records.Select(r => new ContentRecord(r.Hash, r.RunId, r.Direction == "written" ? ContentDirection.Written : ContentDirection.Read, r.Path, r.Role, r.Size))];
    }
}
