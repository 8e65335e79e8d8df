using Ariadne.Server.Hosting;
using Ariadne.Tracking;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Ariadne.Server.Hosting.ApiContext;
using static Ariadne.Server.Mlflow.MlflowParameters;
using static Ariadne.Tracking.Http.MlflowMapping;

namespace Ariadne.Server.Mlflow;

/// <summary>MLflow's run endpoints: create, get, update, delete, restore, search.</summary>
internal static class RunEndpoints
{
    public const int SearchLimit = 50_000;

    public static void Map(IEndpointRouteBuilder api, ITrackingStore store, TimeProvider time)
    {
        var json = MlflowJsonContext.Default;
        api.MapPost("runs/create", Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.CreateRunRequest).ConfigureAwait(false);
            var experimentId = string.IsNullOrEmpty(request.ExperimentId) ? "0" : request.ExperimentId;
            await ExperimentEndpoints.GetAsync(store, experimentId, context.RequestAborted).ConfigureAwait(false);
            var tags = new List<RunTag>();
            foreach (var tag in request.Tags ?? [])
            {
                tags.Add(new RunTag(Required(tag.Key, "tags.key"), tag.Value ?? ""));
            }

            var tagged = tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
            var name = request.RunName is { Length: > 0 } given ? given
                : tagged.TryGetValue(RunNameTag, out var fromTag) && fromTag.Length > 0 ? fromTag
                : RunNames.Generate();
            var user = request.UserId is { Length: > 0 } u ? u
                : tagged.TryGetValue(UserTag, out var fromUser) ? fromUser
                : Auth.ServerUser.Of(context) ?? "unknown";
            var parent = tagged.TryGetValue(ParentRunTag, out var p) && p.Length > 0 ? p : null;
            var info = await store.CreateRunAsync(
                new NewRun(experimentId, name, request.StartTime ?? time.GetUtcNow().ToUnixTimeMilliseconds(), user, parent, tags),
                context.RequestAborted).ConfigureAwait(false);
            var run = await store.GetRunAsync(info.RunId, context.RequestAborted).ConfigureAwait(false);
            await WriteJsonAsync(context, new RunResponse(ToJson(run)), json.RunResponse).ConfigureAwait(false);
        }));

        api.MapMethods("runs/get", [HttpMethods.Get, HttpMethods.Post], Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.RunRequest).ConfigureAwait(false);
            var run = await store.GetRunAsync(RunIdOf(request), context.RequestAborted).ConfigureAwait(false);
            await WriteJsonAsync(context, new RunResponse(ToJson(run)), json.RunResponse).ConfigureAwait(false);
        }));

        api.MapPost("runs/update", Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.UpdateRunRequest).ConfigureAwait(false);
            var runId = RunIdOf(request);
            var status = request.Status is { Length: > 0 } s ? ParseStatus(s) : (RunStatus?)null;
            var info = await store.UpdateRunAsync(runId, status, request.EndTime, request.RunName is { Length: > 0 } n ? n : null, context.RequestAborted).ConfigureAwait(false);
            await WriteJsonAsync(context, new UpdateRunResponse(ToJson(info)), json.UpdateRunResponse).ConfigureAwait(false);
        }));

        api.MapPost("runs/delete", Endpoint(context => SetStageAsync(context, store, LifecycleStage.Deleted)));
        api.MapPost("runs/restore", Endpoint(context => SetStageAsync(context, store, LifecycleStage.Active)));

        api.MapMethods("runs/search", [HttpMethods.Get, HttpMethods.Post], Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.SearchRunsRequest).ConfigureAwait(false);
            var search = new RunSearch(
                request.ExperimentIds ?? [],
                request.Filter,
                request.OrderBy,
                MaxResults(request.MaxResults, 1000, SearchLimit, "max_results"),
                string.IsNullOrEmpty(request.PageToken) ? null : request.PageToken,
                ParseViewType(request.RunViewType, "run_view_type"));
            var page = await store.SearchRunsAsync(search, context.RequestAborted).ConfigureAwait(false);
            await WriteJsonAsync(context, new SearchRunsResponse([.. page.Runs.Select(ToJson)], page.NextPageToken), json.SearchRunsResponse).ConfigureAwait(false);
        }));
    }

    private static async Task SetStageAsync(HttpContext context, ITrackingStore store, LifecycleStage stage)
    {
        var request = await ReadAsync(context, MlflowJsonContext.Default.RunRequest).ConfigureAwait(false);
        await store.SetRunLifecycleAsync(RunIdOf(request), stage, context.RequestAborted).ConfigureAwait(false);
        await OkAsync(context).ConfigureAwait(false);
    }
}
