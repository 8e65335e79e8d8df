using Ariadne.Data.Holdout;

namespace Ariadne.Tracking.Http;

internal sealed partial class HttpTrackingStore
{
    // Never spooled: the budget is the server's to count, so a read waits for an answer (or fails) rather than queueing.
    // Sent with the read's id, so the transport's retries and the caller's own count once.
    public async Task<HoldoutAccess> RecordHoldoutReadAsync(HoldoutRead read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        var r = read.Checked();
        var response = await PostAsync("api/ariadne/holdout/record", new HoldoutReadRequest
        {
            PartBlake3 = r.PartBlake3,
            Part = r.Part,
            Manifest = r.Manifest,
            RunId = r.RunId,
            Model = r.Model,
            Metric = r.Metric,
            Budget = r.Budget,
            OverrideReason = r.OverrideReason,
            Time = r.Time.ToUnixTimeMilliseconds(),
            ReadId = r.ReadId.ToString("D"),
        }, HoldoutJsonContext.Default.HoldoutReadRequest, HoldoutJsonContext.Default.HoldoutReadResponse, cancellationToken).ConfigureAwait(false);
        return response.Read.ToAccess();
    }

    public async Task<IReadOnlyList<HoldoutAccess>> ListHoldoutReadsAsync(string? partBlake3, CancellationToken cancellationToken)
    {
        var response = await PostAsync("api/ariadne/holdout/reads", new HoldoutReadsQuery { PartBlake3 = partBlake3 },
            HoldoutJsonContext.Default.HoldoutReadsQuery, HoldoutJsonContext.Default.HoldoutReadsResponse, cancellationToken).ConfigureAwait(false);
        return [.. response.Reads.Select(r => r.ToAccess())];
    }
}
