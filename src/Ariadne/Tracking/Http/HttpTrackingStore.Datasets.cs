namespace Ariadne.Tracking.Http;

internal sealed partial class HttpTrackingStore
{
    public Task RegisterDatasetVersionAsync(DatasetVersion version, CancellationToken cancellationToken) =>
        PostAsync("api/ariadne/datasets/register", new DatasetVersionMessage
        {
            Name = version.Name,
            Version = version.Version,
            Hash = version.Hash,
            Size = version.Size,
            Files = version.Files,
            PointerPath = version.PointerPath,
            GitCommit = version.GitCommit,
            CreatedAt = version.CreatedAt,
        }, Own.DatasetVersionMessage, Mlflow.EmptyJson, cancellationToken);

    public async Task<IReadOnlyList<DatasetVersion>> ListDatasetVersionsAsync(string? name, CancellationToken cancellationToken)
    {
        var response = await PostAsync("api/ariadne/datasets/versions", new DatasetQuery { Name = name }, Own.DatasetQuery, Own.DatasetVersionsResponse, cancellationToken).ConfigureAwait(false);
        return [.. response.Versions.Select(v => new DatasetVersion(v.Name, v.Version, v.Hash, v.Size, v.Files, v.PointerPath, v.GitCommit, v.CreatedAt))];
    }

    public async Task<IReadOnlyList<DatasetUse>> ListDatasetUsesAsync(string hash, CancellationToken cancellationToken)
    {
        var response = await PostAsync("api/ariadne/datasets/uses", new DatasetQuery { Hash = hash }, Own.DatasetQuery, Own.DatasetUsesResponse, cancellationToken).ConfigureAwait(false);
        return [.. response.Uses.Select(u => new DatasetUse(FromJson(u.Run, null), u.Role))];
    }

    public async Task<IReadOnlyList<Metric>> GetMetricHistoryDownsampledAsync(string runId, string key, int maxPoints, CancellationToken cancellationToken)
    {
        var response = await PostAsync("api/ariadne/metrics/get-history-downsampled", new DownsampledHistoryRequest { RunId = runId, MetricKey = key, MaxPoints = maxPoints },
            Own.DownsampledHistoryRequest, Mlflow.MetricHistoryResponse, cancellationToken).ConfigureAwait(false);
        return [.. (response.Metrics ?? []).Select(m => new Metric(m.Key, m.Value, m.Timestamp, m.Step))];
    }
}
