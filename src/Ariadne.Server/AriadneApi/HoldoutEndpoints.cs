using Ariadne.Data.Holdout;
using Ariadne.Tracking;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Ariadne.Server.Hosting.ApiContext;

namespace Ariadne.Server.AriadneApi;

/// <summary>
/// The ledger of sealed-set reads over HTTP, so a team on one server spends one budget per sealed part:
/// <c>POST holdout/record</c> (a writer; counts and records in the store's transaction, 409
/// HOLDOUT_BUDGET_EXCEEDED past the budget) and <c>holdout/reads</c> (a reader; all reads or one part's).
/// </summary>
internal static class HoldoutEndpoints
{
    public static void Map(IEndpointRouteBuilder api, ITrackingStore store, TimeProvider time)
    {
        var json = HoldoutJsonContext.Default;

        api.MapPost("holdout/record", Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.HoldoutReadRequest).ConfigureAwait(false);
            var read = new HoldoutRead(request.PartBlake3 ?? "", request.Part ?? "", request.Manifest ?? "", request.RunId, request.Model ?? "", request.Metric ?? "",
                request.Budget ?? 0, request.OverrideReason,
                request.Time is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : time.GetUtcNow())
            {
                ReadId = request.ReadId is null ? Guid.NewGuid()
                    : Guid.TryParse(request.ReadId, out var id) ? id
                    : throw AriadneException.InvalidArgument($"Invalid value '{request.ReadId}' for parameter 'read_id': send a GUID such as '{Guid.NewGuid():D}', made once per read and sent again on every retry."),
            };
            var access = await store.RecordHoldoutReadAsync(read, context.RequestAborted).ConfigureAwait(false);
            await WriteJsonAsync(context, new HoldoutReadResponse(HoldoutAccessJson.From(access)), json.HoldoutReadResponse).ConfigureAwait(false);
        }));

        api.MapMethods("holdout/reads", [HttpMethods.Get, HttpMethods.Post], Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.HoldoutReadsQuery).ConfigureAwait(false);
            var reads = await store.ListHoldoutReadsAsync(string.IsNullOrEmpty(request.PartBlake3) ? null : request.PartBlake3, context.RequestAborted).ConfigureAwait(false);
            await WriteJsonAsync(context, new HoldoutReadsResponse([.. reads.Select(HoldoutAccessJson.From)]), json.HoldoutReadsResponse).ConfigureAwait(false);
        }));
    }
}
