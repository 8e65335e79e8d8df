using Ariadne.Server.Hosting;
using Ariadne.Tracking;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Ariadne.Server.Hosting.ApiContext;
using static Ariadne.Server.Mlflow.MlflowParameters;
using static Ariadne.Tracking.Http.MlflowMapping;

namespace Ariadne.Server.Mlflow;

/// <summary>MLflow's experiment endpoints: create, get, get-by-name, search, update, delete, restore, set-experiment-tag.</summary>
internal static class ExperimentEndpoints
{
    private const int SearchLimit = 50_000;

    public static void Map(IEndpointRouteBuilder api, ITrackingStore store)
    {
        var json = MlflowJsonContext.Default;
        api.MapPost("experiments/create", Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.CreateExperimentRequest).ConfigureAwait(false);
            var name = Required(request.Name, "name");
            if (!string.IsNullOrEmpty(request.ArtifactLocation))
            {
                throw ApiException.InvalidParameter(
                    $"artifact_location '{request.ArtifactLocation}' is not accepted: this server keeps every artifact in its own artifact store (mlflow-artifacts:/). Leave artifact_location out.");
            }

            var tags = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var tag in request.Tags ?? [])
            {
                tags[Required(tag.Key, "tags.key")] = tag.Value ?? "";
            }

            var id = await store.CreateExperimentAsync(name, tags, context.RequestAborted).ConfigureAwait(false);
            await WriteJsonAsync(context, new CreateExperimentResponse(id), json.CreateExperimentResponse).ConfigureAwait(false);
        }));

        api.MapMethods("experiments/get", [HttpMethods.Get, HttpMethods.Post], Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.ExperimentRequest).ConfigureAwait(false);
            var experiment = await GetAsync(store, Required(request.ExperimentId, "experiment_id"), context.RequestAborted).ConfigureAwait(false);
            await WriteJsonAsync(context, new ExperimentResponse(ToJson(experiment)), json.ExperimentResponse).ConfigureAwait(false);
        }));

        api.MapMethods("experiments/get-by-name", [HttpMethods.Get, HttpMethods.Post], Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.ExperimentRequest).ConfigureAwait(false);
            var name = Required(request.ExperimentName, "experiment_name");
            var experiment = await store.GetExperimentByNameAsync(name, context.RequestAborted).ConfigureAwait(false)
                ?? throw ApiException.NotFound($"Could not find experiment with name '{name}'.");
            await WriteJsonAsync(context, new ExperimentResponse(ToJson(experiment)), json.ExperimentResponse).ConfigureAwait(false);
        }));

        api.MapMethods("experiments/search", [HttpMethods.Get, HttpMethods.Post], Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.SearchExperimentsRequest).ConfigureAwait(false);
            var pageSize = MaxResults(request.MaxResults, 1000, SearchLimit, "max_results");
            var search = new ExperimentSearch(request.Filter, request.OrderBy, pageSize, request.PageToken, ParseViewType(request.ViewType, "view_type"));
            var page = await store.SearchExperimentsAsync(search, context.RequestAborted).ConfigureAwait(false);
            await WriteJsonAsync(context, new SearchExperimentsResponse([.. page.Experiments.Select(ToJson)], page.NextPageToken), json.SearchExperimentsResponse).ConfigureAwait(false);
        }));

        api.MapPost("experiments/update", Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.ExperimentRequest).ConfigureAwait(false);
            var id = Required(request.ExperimentId, "experiment_id");
            await GetAsync(store, id, context.RequestAborted).ConfigureAwait(false);
            await store.UpdateExperimentAsync(id, Required(request.NewName, "new_name"), null, context.RequestAborted).ConfigureAwait(false);
            await OkAsync(context).ConfigureAwait(false);
        }));

        api.MapPost("experiments/delete", Endpoint(context => SetStageAsync(context, store, LifecycleStage.Deleted)));
        api.MapPost("experiments/restore", Endpoint(context => SetStageAsync(context, store, LifecycleStage.Active)));

        api.MapPost("experiments/set-experiment-tag", Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.ExperimentRequest).ConfigureAwait(false);
            var id = Required(request.ExperimentId, "experiment_id");
            await GetAsync(store, id, context.RequestAborted).ConfigureAwait(false);
            await store.SetExperimentTagAsync(id, Required(request.Key, "key"), request.Value ?? "", context.RequestAborted).ConfigureAwait(false);
            await OkAsync(context).ConfigureAwait(false);
        }));
    }

    private static async Task SetStageAsync(HttpContext context, ITrackingStore store, LifecycleStage stage)
    {
        var request = await ReadAsync(context, MlflowJsonContext.Default.ExperimentRequest).ConfigureAwait(false);
        var id = Required(request.ExperimentId, "experiment_id");
        await GetAsync(store, id, context.RequestAborted).ConfigureAwait(false);
        await store.UpdateExperimentAsync(id, null, stage, context.RequestAborted).ConfigureAwait(false);
        await OkAsync(context).ConfigureAwait(false);
    }

    public static async Task<Experiment> GetAsync(ITrackingStore store, string id, CancellationToken cancellationToken)
    {
        Experiment? experiment = null;
        try
        {
            experiment = await store.GetExperimentAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (AriadneException e) when (e.Code == ErrorCode.InvalidArgument)
        {
            // A malformed id names no experiment.
        }

        return experiment ?? throw ApiException.NotFound($"No experiment with id '{id}'.");
    }
}
