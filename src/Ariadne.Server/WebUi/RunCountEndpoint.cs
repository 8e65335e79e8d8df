using Ariadne.Server.Hosting;
using Ariadne.Server.Mlflow;
using Ariadne.Tracking;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Ariadne.Server.Hosting.ApiContext;

namespace Ariadne.Server.WebUi;

/// <summary>
/// <c>POST /api/ariadne/runs/count</c> with <c>experiment_ids</c>, <c>filter</c> and <c>run_view_type</c> as
/// <c>runs/search</c> takes them: how many runs match (the runs table shows "Runs 1–100 of 10,000"; MLflow's search
/// has no total). Counted by paging through the search, so a filter the search refuses is refused here the same way.
/// </summary>
internal static class RunCountEndpoint
{
    public static void Map(IEndpointRouteBuilder ariadneApi, ITrackingStore store) =>
        ariadneApi.MapMethods("runs/count", [HttpMethods.Get, HttpMethods.Post], Endpoint(async context =>
        {
            var request = await ReadAsync(context, MlflowJsonContext.Default.SearchRunsRequest).ConfigureAwait(false);
            var count = 0L;
            string? token = null;
            do
            {
                var page = await store.SearchRunsAsync(
                    new RunSearch(request.ExperimentIds ?? [], request.Filter, null, RunEndpoints.SearchLimit, token,
                        MlflowParameters.ParseViewType(request.RunViewType, "run_view_type")),
                    context.RequestAborted).ConfigureAwait(false);
                count += page.Runs.Count;
                token = page.NextPageToken;
            }
            while (!string.IsNullOrEmpty(token));

            await WebUiJson.WriteAsync(context, json => json.WriteNumber("count", count)).ConfigureAwait(false);
        }));
}
