using Ariadne.Data.Holdout;
using Ariadne.Server.AriadneApi;

namespace Ariadne.Server.Client;

internal sealed partial class HttpTrackingStore
{
    // The ledger's record as every caller reaches it (through ITrackingStore): with the read's id, so the transport's
    // retries and the caller's own count once. Never spooled: the budget is the server's to count.
    // When merging, this replaces the public RecordHoldoutReadAsync in HttpTrackingStore.Holdout.cs (left there only
    // because that file is being moved): delete that one.
    async Task<HoldoutAccess> IHoldoutLedger.RecordHoldoutReadAsync(HoldoutRead read, CancellationToken cancellationToken)
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
        return HoldoutEndpoints.FromJson(response.Read);
    }
}
