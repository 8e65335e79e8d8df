using Ariadne.Registry;
using Ariadne.Tracking;
using Ariadne.Tracking.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Ariadne.Server.Hosting.ApiContext;
using static Ariadne.Server.Mlflow.MlflowParameters;
using static Ariadne.Tracking.Http.RegistryMapping;

namespace Ariadne.Server.Mlflow;

/// <summary>
/// MLflow's Model Registry API 2.0 for registered models (model_registry.proto): create, get, rename, update, delete,
/// search, get-latest-versions, set-tag, delete-tag, and alias set (POST), delete (DELETE) and get (GET).
/// </summary>
internal static class RegisteredModelEndpoints
{
    /// <summary>MLflow's default and largest page of registered models.</summary>
    private const int SearchDefault = 100;

    public static void Map(IEndpointRouteBuilder api, ITrackingStore store)
    {
        var json = RegistryJsonContext.Default;
        api.MapPost("registered-models/create", Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.RegistryRequest).ConfigureAwait(false);
            var model = await store.CreateRegisteredModelAsync(Required(request.Name, "name"), Blank(request.Description), Tags(request.Tags), context.RequestAborted).ConfigureAwait(false);
            await WriteModelAsync(context, store, model).ConfigureAwait(false);
        }));

        api.MapMethods("registered-models/get", [HttpMethods.Get, HttpMethods.Post], Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.RegistryRequest).ConfigureAwait(false);
            var model = await store.GetRegisteredModelAsync(Required(request.Name, "name"), context.RequestAborted).ConfigureAwait(false);
            await WriteModelAsync(context, store, model).ConfigureAwait(false);
        }));

        api.MapPost("registered-models/rename", Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.RegistryRequest).ConfigureAwait(false);
            var model = await store.RenameRegisteredModelAsync(Required(request.Name, "name"), Required(request.NewName, "new_name"), context.RequestAborted).ConfigureAwait(false);
            await WriteModelAsync(context, store, model).ConfigureAwait(false);
        }));

        api.MapMethods("registered-models/update", [HttpMethods.Patch, HttpMethods.Post], Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.RegistryRequest).ConfigureAwait(false);
            var model = await store.UpdateRegisteredModelAsync(Required(request.Name, "name"), Blank(request.Description), context.RequestAborted).ConfigureAwait(false);
            await WriteModelAsync(context, store, model).ConfigureAwait(false);
        }));

        api.MapMethods("registered-models/delete", [HttpMethods.Delete, HttpMethods.Post], Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.RegistryRequest).ConfigureAwait(false);
            await store.DeleteRegisteredModelAsync(Required(request.Name, "name"), context.RequestAborted).ConfigureAwait(false);
            await OkAsync(context).ConfigureAwait(false);
        }));

        api.MapMethods("registered-models/search", [HttpMethods.Get, HttpMethods.Post], Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.RegistryRequest).ConfigureAwait(false);
            var search = new ModelSearch(request.Filter, request.OrderBy, MaxResults(request.MaxResults, SearchDefault, ModelSearchSql.MaxModelResults, "max_results"), Blank(request.PageToken));
            var page = await store.SearchRegisteredModelsAsync(search, context.RequestAborted).ConfigureAwait(false);
            var models = new List<RegisteredModelJson>();
            foreach (var model in page.Models)
            {
                models.Add(ToJson(model, await LatestAsync(store, model, context.RequestAborted).ConfigureAwait(false)));
            }

            await WriteJsonAsync(context, new SearchRegisteredModelsResponse(models, page.NextPageToken), json.SearchRegisteredModelsResponse).ConfigureAwait(false);
        }));

        api.MapMethods("registered-models/get-latest-versions", [HttpMethods.Get, HttpMethods.Post], Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.RegistryRequest).ConfigureAwait(false);
            var model = await store.GetRegisteredModelAsync(Required(request.Name, "name"), context.RequestAborted).ConfigureAwait(false);

            // Stages are deprecated in favour of aliases: every version is in stage "None".
            var wanted = request.Stages is not { Count: > 0 } || request.Stages.Any(s => s.Equals("None", StringComparison.OrdinalIgnoreCase));
            var latest = wanted ? await LatestAsync(store, model, context.RequestAborted).ConfigureAwait(false) : null;
            await WriteJsonAsync(context, new ModelVersionsResponse(latest is null ? [] : [RegistryMapping.ToJson(latest)]), json.ModelVersionsResponse).ConfigureAwait(false);
        }));

        api.MapPost("registered-models/set-tag", Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.RegistryRequest).ConfigureAwait(false);
            await store.SetRegisteredModelTagAsync(Required(request.Name, "name"), Required(request.Key, "key"), request.Value ?? "", context.RequestAborted).ConfigureAwait(false);
            await OkAsync(context).ConfigureAwait(false);
        }));

        api.MapMethods("registered-models/delete-tag", [HttpMethods.Delete, HttpMethods.Post], Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.RegistryRequest).ConfigureAwait(false);
            await store.DeleteRegisteredModelTagAsync(Required(request.Name, "name"), Required(request.Key, "key"), context.RequestAborted).ConfigureAwait(false);
            await OkAsync(context).ConfigureAwait(false);
        }));

        api.MapPost("registered-models/alias", Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.RegistryRequest).ConfigureAwait(false);
            await store.SetModelAliasAsync(Required(request.Name, "name"), Required(request.Alias, "alias"), ParseVersion(Required(request.Version, "version")), context.RequestAborted).ConfigureAwait(false);
            await OkAsync(context).ConfigureAwait(false);
        }));

        api.MapDelete("registered-models/alias", Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.RegistryRequest).ConfigureAwait(false);
            await store.DeleteModelAliasAsync(Required(request.Name, "name"), Required(request.Alias, "alias"), context.RequestAborted).ConfigureAwait(false);
            await OkAsync(context).ConfigureAwait(false);
        }));

        api.MapGet("registered-models/alias", Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.RegistryRequest).ConfigureAwait(false);
            var version = await store.GetModelVersionByAliasAsync(Required(request.Name, "name"), Required(request.Alias, "alias"), context.RequestAborted).ConfigureAwait(false);
            await WriteJsonAsync(context, new ModelVersionResponse(RegistryMapping.ToJson(version)), json.ModelVersionResponse).ConfigureAwait(false);
        }));
    }

    /// <summary>An empty string as MLflow's clients send for "not set".</summary>
    public static string? Blank(string? text) => string.IsNullOrEmpty(text) ? null : text;

    public static Dictionary<string, string>? Tags(List<KeyValueMessage>? tags)
    {
        if (tags is null)
        {
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            result[Required(tag.Key, "tags.key")] = tag.Value ?? "";
        }

        return result;
    }

    private static async Task<ModelVersion?> LatestAsync(ITrackingStore store, RegisteredModel model, CancellationToken cancellationToken) =>
        model.LatestVersion is { } latest ? await store.GetModelVersionAsync(model.Name, latest, cancellationToken).ConfigureAwait(false) : null;

    private static async Task WriteModelAsync(HttpContext context, ITrackingStore store, RegisteredModel model) =>
        await WriteJsonAsync(context, new RegisteredModelResponse(ToJson(model, await LatestAsync(store, model, context.RequestAborted).ConfigureAwait(false))),
            RegistryJsonContext.Default.RegisteredModelResponse).ConfigureAwait(false);
}
