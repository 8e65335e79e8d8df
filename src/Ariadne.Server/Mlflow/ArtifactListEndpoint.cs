using Ariadne.Server.Artifacts;
using Ariadne.Tracking;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Ariadne.Server.Hosting.ApiContext;
using static Ariadne.Server.Mlflow.MlflowParameters;
using static Ariadne.Tracking.Http.MlflowMapping;

namespace Ariadne.Server.Mlflow;

/// <summary>MLflow's artifacts/list: the files and folders directly under a path of a run's artifacts.</summary>
internal static class ArtifactListEndpoint
{
    public static void Map(IEndpointRouteBuilder api, ITrackingStore store)
    {
        api.MapMethods("artifacts/list", [HttpMethods.Get, HttpMethods.Post], Endpoint(async context =>
        {
            var request = await ReadAsync(context, MlflowJsonContext.Default.ListArtifactsRequest).ConfigureAwait(false);
            var run = await store.GetRunAsync(RunIdOf(request), context.RequestAborted).ConfigureAwait(false);
            var folder = ArtifactPath.Check(request.Path ?? "", allowEmpty: true);
            var artifacts = await store.ListArtifactsAsync(run.Info.RunId, context.RequestAborted).ConfigureAwait(false);
            var files = ArtifactTree.Children(artifacts, folder);
            var page = OffsetPageToken.Page(files, request.PageToken, 1000, out var next);
            await WriteJsonAsync(context, new ListArtifactsResponse(RunArtifactUri(run.Info.ExperimentId, run.Info.RunId), page, next), MlflowJsonContext.Default.ListArtifactsResponse).ConfigureAwait(false);
        }));
    }
}
