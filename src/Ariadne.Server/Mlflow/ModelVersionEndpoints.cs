using Ariadne.Registry;
using Ariadne.Tracking;
using Ariadne.Tracking.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Ariadne.Server.Hosting.ApiContext;
using static Ariadne.Server.Mlflow.MlflowParameters;
using static Ariadne.Server.Mlflow.RegisteredModelEndpoints;
using static Ariadne.Tracking.Http.RegistryMapping;

namespace Ariadne.Server.Mlflow;

/// <summary>
/// MLflow's Model Registry API 2.0 for model versions (model_registry.proto): create, get, update, delete, search,
/// get-download-uri, set-tag and delete-tag. A version created from a run's artifacts (source <c>runs:/RUN/PATH</c>, or
/// the run's artifact URI and a path, as <c>mlflow.register_model</c> sends it) lists those artifacts as its files.
/// </summary>
internal static class ModelVersionEndpoints
{
    /// <summary>MLflow's default page of model versions.</summary>
    private const int SearchDefault = 10_000;

    public static void Map(IEndpointRouteBuilder api, ITrackingStore store)
    {
        var json = RegistryJsonContext.Default;
        api.MapPost("model-versions/create", Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.RegistryRequest).ConfigureAwait(false);
            var name = Required(request.Name, "name");
            var source = Required(request.Source, "source");
            var runId = Blank(request.RunId) ?? ModelSource.ParseRuns(source)?.RunId;
            var ariadne = request.Ariadne;
            var files = ariadne?.Files is { } given
                ? [.. given.Select(f => new ModelFile(f.Path, f.Hash, f.Size))]
                : await RunFilesAsync(store, runId, source, context.RequestAborted).ConfigureAwait(false);
            var version = await store.CreateModelVersionAsync(
                new NewModelVersion(name, source, runId, files, Blank(request.Description), Tags(request.Tags),
                    Auth.ServerUser.Of(context) ?? Blank(ariadne?.RegisteredBy), Blank(ariadne?.InputSchema), Blank(ariadne?.OutputSchema)),
                context.RequestAborted).ConfigureAwait(false);
            await WriteJsonAsync(context, new ModelVersionResponse(ToJson(version)), json.ModelVersionResponse).ConfigureAwait(false);
        }));

        api.MapMethods("model-versions/get", [HttpMethods.Get, HttpMethods.Post], Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.RegistryRequest).ConfigureAwait(false);
            var version = await store.GetModelVersionAsync(Required(request.Name, "name"), ParseVersion(Required(request.Version, "version")), context.RequestAborted).ConfigureAwait(false);
            await WriteJsonAsync(context, new ModelVersionResponse(ToJson(version)), json.ModelVersionResponse).ConfigureAwait(false);
        }));

        api.MapMethods("model-versions/update", [HttpMethods.Patch, HttpMethods.Post], Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.RegistryRequest).ConfigureAwait(false);
            var version = await store.UpdateModelVersionAsync(Required(request.Name, "name"), ParseVersion(Required(request.Version, "version")), Blank(request.Description), context.RequestAborted).ConfigureAwait(false);
            await WriteJsonAsync(context, new ModelVersionResponse(ToJson(version)), json.ModelVersionResponse).ConfigureAwait(false);
        }));

        api.MapMethods("model-versions/delete", [HttpMethods.Delete, HttpMethods.Post], Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.RegistryRequest).ConfigureAwait(false);
            await store.DeleteModelVersionAsync(Required(request.Name, "name"), ParseVersion(Required(request.Version, "version")), context.RequestAborted).ConfigureAwait(false);
            await OkAsync(context).ConfigureAwait(false);
        }));

        api.MapMethods("model-versions/search", [HttpMethods.Get, HttpMethods.Post], Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.RegistryRequest).ConfigureAwait(false);
            var search = new ModelSearch(request.Filter, request.OrderBy, MaxResults(request.MaxResults, SearchDefault, ModelSearchSql.MaxVersionResults, "max_results"), Blank(request.PageToken));
            var page = await store.SearchModelVersionsAsync(search, context.RequestAborted).ConfigureAwait(false);
            await WriteJsonAsync(context, new SearchModelVersionsResponse([.. page.Versions.Select(ToJson)], page.NextPageToken), json.SearchModelVersionsResponse).ConfigureAwait(false);
        }));

        api.MapMethods("model-versions/get-download-uri", [HttpMethods.Get, HttpMethods.Post], Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.RegistryRequest).ConfigureAwait(false);
            var version = await store.GetModelVersionAsync(Required(request.Name, "name"), ParseVersion(Required(request.Version, "version")), context.RequestAborted).ConfigureAwait(false);
            await WriteJsonAsync(context, new DownloadUriResponse(await DownloadUriAsync(store, version, context.RequestAborted).ConfigureAwait(false)), json.DownloadUriResponse).ConfigureAwait(false);
        }));

        api.MapPost("model-versions/set-tag", Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.RegistryRequest).ConfigureAwait(false);
            await store.SetModelVersionTagAsync(Required(request.Name, "name"), ParseVersion(Required(request.Version, "version")), Required(request.Key, "key"), request.Value ?? "", context.RequestAborted).ConfigureAwait(false);
            await OkAsync(context).ConfigureAwait(false);
        }));

        api.MapMethods("model-versions/delete-tag", [HttpMethods.Delete, HttpMethods.Post], Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.RegistryRequest).ConfigureAwait(false);
            await store.DeleteModelVersionTagAsync(Required(request.Name, "name"), ParseVersion(Required(request.Version, "version")), Required(request.Key, "key"), context.RequestAborted).ConfigureAwait(false);
            await OkAsync(context).ConfigureAwait(false);
        }));
    }

    /// <summary>The files of a version registered from a run: its artifacts under the source's path.</summary>
    private static async Task<List<ModelFile>> RunFilesAsync(ITrackingStore store, string? runId, string source, CancellationToken cancellationToken)
    {
        if (runId is null)
        {
            return [];
        }

        var run = await store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        var path = ModelSource.ParseRuns(source)?.Path ?? PathUnder(source, MlflowMapping.RunArtifactUri(run.Info.ExperimentId, run.Info.RunId)) ?? PathUnder(source, run.Info.ArtifactUri);
        if (path is null)
        {
            return [];
        }

        var artifacts = await store.ListArtifactsAsync(runId, cancellationToken).ConfigureAwait(false);
        return ModelSource.FilesUnder(artifacts, path);
    }

    private static string? PathUnder(string source, string root) =>
        source == root ? "" : source.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal) ? source[(root.TrimEnd('/').Length + 1)..] : null;

    /// <summary>Where MLflow's clients download the version's files: the run's artifact folder for a run's model, else its source.</summary>
    private static async Task<string> DownloadUriAsync(ITrackingStore store, ModelVersion version, CancellationToken cancellationToken)
    {
        if (version.RunId is { } runId && ModelSource.ParseRuns(version.Source) is { } runs)
        {
            var run = await store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
            var root = MlflowMapping.RunArtifactUri(run.Info.ExperimentId, run.Info.RunId);
            return runs.Path.Length == 0 ? root : $"{root}/{runs.Path}";
        }

        return version.Source;
    }
}
