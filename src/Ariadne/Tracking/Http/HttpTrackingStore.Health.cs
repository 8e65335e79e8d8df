namespace Ariadne.Tracking.Http;

internal sealed partial class HttpTrackingStore
{
    // Asks the server to prove its own store takes a write; a 503 from it comes back as the store's own message.
    public async Task CheckWritableAsync(CancellationToken cancellationToken) =>
        await PostAsync("api/ariadne/store/check-writable", new EmptyJson(), MlflowJsonContext.Default.EmptyJson, MlflowJsonContext.Default.EmptyJson, cancellationToken).ConfigureAwait(false);
}
