using Ariadne.Server.Hosting;
using Ariadne.Server.Mlflow;
using Ariadne.Tracking;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Ariadne.Server.Hosting.ApiContext;
using static Ariadne.Server.Mlflow.MlflowParameters;
using static Ariadne.Tracking.Http.MlflowMapping;

namespace Ariadne.Server.AriadneApi;

/// <summary>
/// Ariadne's own endpoints under <c>/api/ariadne/</c>, for what MLflow's API lacks: inputs by content hash, artifact
/// records, environment records, dataset versions and their uses, run search with OR/IN and <c>datasets.*</c>
/// (the same grammar the MLflow endpoint accepts), runs created with a client-chosen id or by experiment name, and
/// log-batch applied exactly once (a client id and sequence number, checked and recorded by the store in the batch's
/// own transaction, <see cref="ITrackingStore.LogBatchOnceAsync"/>, so a retried or replayed batch is recognised and
/// skipped, by every server over the same database).
/// </summary>
internal static class AriadneEndpoints
{
    public static void Map(IEndpointRouteBuilder api, ITrackingStore store, TimeProvider time, Remotes.IObjectStore? artifactStore = null)
    {
        var json = AriadneJsonContext.Default;
        api.MapPost("runs/create", Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.AriadneCreateRunRequest).ConfigureAwait(false);
            var experimentId = request.ExperimentId is { Length: > 0 } id ? id
                : request.ExperimentName is { Length: > 0 } name ? await store.GetOrCreateExperimentAsync(name, context.RequestAborted).ConfigureAwait(false)
                : "0";
            await ExperimentEndpoints.GetAsync(store, experimentId, context.RequestAborted).ConfigureAwait(false);
            if (request.RunId is { Length: > 0 } runId)
            {
                try
                {
                    var existing = await store.GetRunAsync(runId, context.RequestAborted).ConfigureAwait(false);
                    await WriteJsonAsync(context, new RunResponse(ToJson(existing)), MlflowJsonContext.Default.RunResponse).ConfigureAwait(false);
                    return;
                }
                catch (AriadneException e) when (e.Code == ErrorCode.ResourceNotFound)
                {
                    // Not there yet: create it below.
                }
            }

            var tags = (request.Tags ?? []).Select(t => new RunTag(Required(t.Key, "tags.key"), t.Value ?? "")).ToList();
            var info = await store.CreateRunAsync(
                new NewRun(experimentId, request.RunName is { Length: > 0 } n ? n : RunNames.Generate(),
                    request.StartTime ?? time.GetUtcNow().ToUnixTimeMilliseconds(),
                    request.UserId ?? Auth.ServerUser.Of(context) ?? "unknown",
                    string.IsNullOrEmpty(request.ParentRunId) ? null : request.ParentRunId,
                    tags,
                    string.IsNullOrEmpty(request.RunId) ? null : request.RunId),
                context.RequestAborted).ConfigureAwait(false);
            var run = await store.GetRunAsync(info.RunId, context.RequestAborted).ConfigureAwait(false);
            await WriteJsonAsync(context, new RunResponse(ToJson(run)), MlflowJsonContext.Default.RunResponse).ConfigureAwait(false);
        }));

        api.MapPost("runs/log-batch", Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.SequencedBatchRequest).ConfigureAwait(false);
            var runId = RunIdOf(request);
            var (metrics, parameters, tags) = LoggingEndpoints.Batch(new LogBatchRequest { Metrics = request.Metrics, Params = request.Params, Tags = request.Tags }, limited: false);
            if (request.ClientId is null)
            {
                await store.LogBatchAsync(runId, metrics, parameters, tags, context.RequestAborted).ConfigureAwait(false);
                await WriteJsonAsync(context, new SequencedBatchResponse(true), json.SequencedBatchResponse).ConfigureAwait(false);
                return;
            }

            // Not cancelled with the request: a client that gave up may have its batch applied, and its retry is then skipped.
            var applied = await store.LogBatchOnceAsync(runId, request.ClientId, Required(request.Sequence, "sequence"), metrics, parameters, tags, CancellationToken.None).ConfigureAwait(false);
            await WriteJsonAsync(context, new SequencedBatchResponse(applied), json.SequencedBatchResponse).ConfigureAwait(false);
        }));

        api.MapPost("runs/log-inputs", Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.AriadneLogInputsRequest).ConfigureAwait(false);
            var inputs = (request.Inputs ?? []).Select(i => new RunInput(Required(i.Hash, "inputs.hash"), Required(i.Role, "inputs.role"), i.PointerPath, i.DatasetName, i.DatasetVersion)).ToList();
            await store.LogInputsAsync(RunIdOf(request), inputs, context.RequestAborted).ConfigureAwait(false);
            await OkAsync(context).ConfigureAwait(false);
        }));

        api.MapMethods("runs/inputs", [HttpMethods.Get, HttpMethods.Post], Endpoint(async context =>
        {
            var request = await ReadAsync(context, MlflowJsonContext.Default.RunRequest).ConfigureAwait(false);
            var run = await store.GetRunAsync(RunIdOf(request), context.RequestAborted).ConfigureAwait(false);
            await WriteJsonAsync(context, new InputsResponse([.. run.Inputs.Select(InputToJson)]), json.InputsResponse).ConfigureAwait(false);
        }));

        api.MapPost("runs/log-artifacts", Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.AriadneLogArtifactsRequest).ConfigureAwait(false);
            var records = new List<RunArtifact>();
            foreach (var a in request.Artifacts ?? [])
            {
                var record = new RunArtifact(
                    Artifacts.ArtifactPath.Check(Required(a.Path, "artifacts.path"), allowEmpty: false),
                    Required(a.Hash, "artifacts.hash"),
                    Required(a.Size, "artifacts.size"));
                records.Add(await Artifacts.ArtifactRecordCheck.CheckAsync(artifactStore, record, context.RequestAborted).ConfigureAwait(false));
            }

            await store.LogArtifactsAsync(RunIdOf(request), records, context.RequestAborted).ConfigureAwait(false);
            await OkAsync(context).ConfigureAwait(false);
        }));

        api.MapMethods("runs/artifacts", [HttpMethods.Get, HttpMethods.Post], Endpoint(async context =>
        {
            var request = await ReadAsync(context, MlflowJsonContext.Default.RunRequest).ConfigureAwait(false);
            var artifacts = await store.ListArtifactsAsync(RunIdOf(request), context.RequestAborted).ConfigureAwait(false);
            await WriteJsonAsync(context, new ArtifactsResponse([.. artifacts.Select(ArtifactJson.From)]), json.ArtifactsResponse).ConfigureAwait(false);
        }));

        api.MapMethods("runs/environment", [HttpMethods.Get, HttpMethods.Post], Endpoint(async context =>
        {
            var request = await ReadAsync(context, MlflowJsonContext.Default.RunRequest).ConfigureAwait(false);
            var run = await store.GetRunAsync(RunIdOf(request), context.RequestAborted).ConfigureAwait(false);
            var artifacts = await store.ListArtifactsAsync(run.Info.RunId, context.RequestAborted).ConfigureAwait(false);
            var environment = run.Tags.Where(t => t.Key.StartsWith("ariadne.", StringComparison.Ordinal))
                .OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new KeyValueJson(t.Key, t.Value)).ToList();
            var records = artifacts.Where(a => a.Path is "environment.json" or "git.diff").Select(ArtifactJson.From).ToList();
            await WriteJsonAsync(context, new EnvironmentResponse(environment, records), json.EnvironmentResponse).ConfigureAwait(false);
        }));

        api.MapMethods("runs/search", [HttpMethods.Get, HttpMethods.Post], Endpoint(async context =>
        {
            var request = await ReadAsync(context, MlflowJsonContext.Default.SearchRunsRequest).ConfigureAwait(false);
            var search = new RunSearch(
                request.ExperimentIds ?? [],
                request.Filter,
                request.OrderBy,
                MaxResults(request.MaxResults, 1000, RunEndpoints.SearchLimit, "max_results"),
                string.IsNullOrEmpty(request.PageToken) ? null : request.PageToken,
                ParseViewType(request.RunViewType, "run_view_type"));
            var page = await store.SearchRunsAsync(search, context.RequestAborted).ConfigureAwait(false);
            await WriteJsonAsync(context, new SearchRunsResponse([.. page.Runs.Select(ToJson)], page.NextPageToken), MlflowJsonContext.Default.SearchRunsResponse).ConfigureAwait(false);
        }));

        api.MapMethods("datasets/uses", [HttpMethods.Get, HttpMethods.Post], Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.DatasetQuery).ConfigureAwait(false);
            var uses = await store.ListDatasetUsesAsync(Required(request.Hash, "hash"), context.RequestAborted).ConfigureAwait(false);
            await WriteJsonAsync(context, new DatasetUsesResponse([.. uses.Select(u => new DatasetUseJson(ToJson(u.Run), u.Role))]), json.DatasetUsesResponse).ConfigureAwait(false);
        }));

        api.MapMethods("content/find", [HttpMethods.Get, HttpMethods.Post], Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.ContentQuery).ConfigureAwait(false);
            var records = await store.FindContentAsync(request.Hashes ?? [], Direction(request), context.RequestAborted).ConfigureAwait(false);
            await WriteJsonAsync(context, new ContentRecordsResponse([.. records.Select(r => new ContentRecordJson(r.Hash, r.RunId, Tracking.Http.HttpTrackingStore.DirectionName(r.Direction), r.Path, r.Role))]),
                json.ContentRecordsResponse).ConfigureAwait(false);
        }));

        api.MapMethods("content/trace", [HttpMethods.Get, HttpMethods.Post], Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.ContentQuery).ConfigureAwait(false);
            var records = await store.TraceContentAsync(request.Hashes ?? [], Direction(request), context.RequestAborted).ConfigureAwait(false);
            await WriteJsonAsync(context, new ContentRecordsResponse([.. records.Select(r => new ContentRecordJson(r.Hash, r.RunId, Tracking.Http.HttpTrackingStore.DirectionName(r.Direction), r.Path, r.Role, r.Size))]),
                json.ContentRecordsResponse).ConfigureAwait(false);
        }));

        api.MapPost("datasets/register", Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.DatasetVersionMessage).ConfigureAwait(false);
            await store.RegisterDatasetVersionAsync(
                new DatasetVersion(Required(request.Name, "name"), Required(request.Version, "version"), Required(request.Hash, "hash"), request.Size ?? 0, request.Files ?? 0,
                    request.PointerPath ?? "", request.GitCommit, request.CreatedAt ?? time.GetUtcNow().ToUnixTimeMilliseconds()),
                context.RequestAborted).ConfigureAwait(false);
            await OkAsync(context).ConfigureAwait(false);
        }));

        api.MapMethods("metrics/get-history-downsampled", [HttpMethods.Get, HttpMethods.Post], Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.DownsampledHistoryRequest).ConfigureAwait(false);
            var maxPoints = Required(request.MaxPoints, "max_points");
            var points = await store.GetMetricHistoryDownsampledAsync(RunIdOf(request), Required(request.MetricKey, "metric_key"),
                (int)Math.Clamp(maxPoints, int.MinValue, int.MaxValue), context.RequestAborted).ConfigureAwait(false);
            await WriteJsonAsync(context, new MetricHistoryResponse([.. points.Select(ToJson)], null), MlflowJsonContext.Default.MetricHistoryResponse).ConfigureAwait(false);
        }));

        api.MapMethods("datasets/versions", [HttpMethods.Get, HttpMethods.Post], Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.DatasetQuery).ConfigureAwait(false);
            var versions = await store.ListDatasetVersionsAsync(string.IsNullOrEmpty(request.Name) ? null : request.Name, context.RequestAborted).ConfigureAwait(false);
            await WriteJsonAsync(context, new DatasetVersionsResponse([.. versions.Select(v => new DatasetVersionJson(v.Name, v.Version, v.Hash, v.Size, v.Files, v.PointerPath, v.GitCommit, v.CreatedAt))]), json.DatasetVersionsResponse).ConfigureAwait(false);
        }));
    }

    private static ContentDirection Direction(Tracking.Http.ContentQuery request) => request.Direction switch
    {
        "read" => ContentDirection.Read,
        "written" => ContentDirection.Written,
        _ => throw AriadneException.InvalidArgument($"direction must be 'read' or 'written', not '{request.Direction}'."),
    };

    private static InputJson InputToJson(RunInput input) => new(input.DatasetHash, input.Role, input.PointerPath, input.DatasetName, input.DatasetVersion);
}
