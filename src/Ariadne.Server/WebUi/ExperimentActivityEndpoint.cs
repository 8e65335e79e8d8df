using Ariadne.Server.Hosting;
using Ariadne.Tracking;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Ariadne.Server.Hosting.ApiContext;

namespace Ariadne.Server.WebUi;

/// <summary>
/// <c>GET /api/ariadne/experiments/activity</c>: per experiment the number of active runs and the last time one
/// started or ended (the experiments list shows both; MLflow's API has no count).
/// </summary>
internal static class ExperimentActivityEndpoint
{
    public static void Map(IEndpointRouteBuilder ariadneApi, ITrackingStore store) =>
        ariadneApi.MapMethods("experiments/activity", [HttpMethods.Get, HttpMethods.Post], Endpoint(async context =>
        {
            var rows = await store.GetExperimentActivityAsync(context.RequestAborted).ConfigureAwait(false);
            await WriteJsonAsync(
                context,
                new ExperimentActivityResponse([.. rows.Select(r => new ExperimentActivityJson(r.ExperimentId, r.Runs, r.LastActivity))]),
                AriadneJsonContext.Default.ExperimentActivityResponse).ConfigureAwait(false);
        }));
}
