using Ariadne.Tracking;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Ariadne.Server.Hosting.ApiContext;
using static Ariadne.Server.Mlflow.MlflowParameters;
using static Ariadne.Tracking.Http.MlflowMapping;

namespace Ariadne.Server.Mlflow;

/// <summary>MLflow's metrics/get-history: every point of one metric, ordered by step and time, paged when max_results is given.</summary>
internal static class MetricEndpoints
{
    public const int PageLimit = 25_000_000;

    public static void Map(IEndpointRouteBuilder api, ITrackingStore store)
    {
        api.MapMethods("metrics/get-history", [HttpMethods.Get, HttpMethods.Post], Endpoint(async context =>
        {
            var request = await ReadAsync(context, MlflowJsonContext.Default.MetricHistoryRequest).ConfigureAwait(false);
            var runId = RunIdOf(request);
            var key = Required(request.MetricKey, "metric_key");
            await store.GetRunAsync(runId, context.RequestAborted).ConfigureAwait(false);
            var history = await store.GetMetricHistoryAsync(runId, key, context.RequestAborted).ConfigureAwait(false);
            var pageSize = MaxResults(request.MaxResults, Math.Max(1, history.Count), PageLimit, "max_results");
            var page = OffsetPageToken.Page(history, request.PageToken, pageSize, out var next);
            await WriteJsonAsync(context, new MetricHistoryResponse([.. page.Select(ToJson)], next), MlflowJsonContext.Default.MetricHistoryResponse).ConfigureAwait(false);
        }));
    }
}
