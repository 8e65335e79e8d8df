namespace Ariadne.Tracking.Http;

internal sealed partial class HttpTrackingStore
{
    // One request, never spooled: the caller chose the client id and sequence and learns whether the server's store
    // applied the batch. The server's store recognises the sequence inside its own transaction.
    public async Task<bool> LogBatchOnceAsync(string runId, string clientId, long sequence, IReadOnlyList<Metric> metrics, IReadOnlyList<Param> parameters, IReadOnlyList<RunTag> tags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(tags);
        TrackingLimits.CheckBatchSequence(clientId, sequence);
        var request = new SequencedBatchRequest
        {
            RunId = runId,
            ClientId = clientId,
            Sequence = sequence,
            Metrics = [.. metrics.Select(m => new MetricMessage { Key = m.Key, Value = m.Value, Timestamp = m.Timestamp, Step = m.Step })],
            Params = [.. parameters.Select(p => new KeyValueMessage { Key = p.Key, Value = p.Value })],
            Tags = [.. tags.Select(t => new KeyValueMessage { Key = t.Key, Value = t.Value })],
        };
        var response = await PostAsync("api/ariadne/runs/log-batch", request, Own.SequencedBatchRequest, Own.SequencedBatchResponse, cancellationToken).ConfigureAwait(false);
        return response.Applied;
    }
}
