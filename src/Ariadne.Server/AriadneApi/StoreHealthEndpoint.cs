using Ariadne.Tracking;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using static Ariadne.Server.Hosting.ApiContext;

namespace Ariadne.Server.AriadneApi;

/// <summary>
/// <c>POST store/check-writable</c> (a writer): the server's store proves it takes a write, as /health does, so an
/// http(s) store answers <see cref="ITrackingStore.CheckWritableAsync"/> for the store behind the server.
/// </summary>
internal static class StoreHealthEndpoint
{
    public static void Map(IEndpointRouteBuilder api, ITrackingStore store) =>
        api.MapPost("store/check-writable", Endpoint(async context =>
        {
            await store.CheckWritableAsync(context.RequestAborted).ConfigureAwait(false);
            await OkAsync(context).ConfigureAwait(false);
        }));
}
