using System.Globalization;
using Ariadne.Server.Hosting;
using Ariadne.Tracking;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using static Ariadne.Server.Hosting.ApiContext;
using static Ariadne.Server.Mlflow.MlflowParameters;
using static Ariadne.Tracking.Http.MlflowMapping;

namespace Ariadne.Server.Mlflow;

/// <summary>MLflow's logging endpoints: log-metric, log-parameter, set-tag, delete-tag, log-batch (with MLflow's limits), log-inputs.</summary>
internal static class LoggingEndpoints
{
    public const int MaxMetricsPerBatch = 1000;
    public const int MaxParamsTagsPerBatch = 100;
    public const int MaxEntitiesPerBatch = 1000;

    public static void Map(IEndpointRouteBuilder api, ITrackingStore store)
    {
        var json = MlflowJsonContext.Default;
        api.MapPost("runs/log-metric", Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.LogMetricRequest).ConfigureAwait(false);
            var metric = new Metric(Required(request.Key, "key"), Required(request.Value, "value"), Required(request.Timestamp, "timestamp"), request.Step ?? 0);
            await store.LogBatchAsync(RunIdOf(request), [metric], [], [], context.RequestAborted).ConfigureAwait(false);
            await OkAsync(context).ConfigureAwait(false);
        }));

        api.MapPost("runs/log-parameter", Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.KeyValueRunRequest).ConfigureAwait(false);
            var param = new Param(Required(request.Key, "key"), request.Value ?? throw ApiException.MissingParameter("value"));
            await store.LogBatchAsync(RunIdOf(request), [], [param], [], context.RequestAborted).ConfigureAwait(false);
            await OkAsync(context).ConfigureAwait(false);
        }));

        api.MapPost("runs/set-tag", Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.KeyValueRunRequest).ConfigureAwait(false);
            var runId = RunIdOf(request);
            var key = Required(request.Key, "key");
            var value = request.Value ?? throw ApiException.MissingParameter("value");
            await store.LogBatchAsync(runId, [], [], [new RunTag(key, value)], context.RequestAborted).ConfigureAwait(false);
            if (key == RunNameTag && value.Length > 0)
            {
                await store.UpdateRunAsync(runId, null, null, value, context.RequestAborted).ConfigureAwait(false);
            }

            await OkAsync(context).ConfigureAwait(false);
        }));

        api.MapPost("runs/delete-tag", Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.KeyValueRunRequest).ConfigureAwait(false);
            await store.DeleteTagAsync(RunIdOf(request), Required(request.Key, "key"), context.RequestAborted).ConfigureAwait(false);
            await OkAsync(context).ConfigureAwait(false);
        }));

        api.MapPost("runs/log-batch", Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.LogBatchRequest).ConfigureAwait(false);
            var runId = RunIdOf(request);
            var (metrics, parameters, tags) = Batch(request);
            await store.LogBatchAsync(runId, metrics, parameters, tags, context.RequestAborted).ConfigureAwait(false);
            await OkAsync(context).ConfigureAwait(false);
        }));

        api.MapPost("runs/log-inputs", Endpoint(async context =>
        {
            var request = await ReadAsync(context, json.LogInputsRequest).ConfigureAwait(false);
            var runId = RunIdOf(request);
            var inputs = new List<RunInput>();
            foreach (var input in request.Datasets ?? [])
            {
                var dataset = input.Dataset ?? throw ApiException.MissingParameter("datasets.dataset");
                var role = input.Tags?.FirstOrDefault(t => t.Key == DatasetContextTag)?.Value;
                inputs.Add(new RunInput(
                    Required(dataset.Digest, "datasets.dataset.digest"),
                    string.IsNullOrEmpty(role) ? "input" : role,
                    string.IsNullOrEmpty(dataset.Source) ? null : dataset.Source,
                    Required(dataset.Name, "datasets.dataset.name"),
                    null));
            }

            await store.LogInputsAsync(runId, inputs, context.RequestAborted).ConfigureAwait(false);
            await OkAsync(context).ConfigureAwait(false);
        }));
    }

    /// <summary>A log-batch request as the store's lists, after MLflow's limits (when <paramref name="limited"/>): at most 1000 metrics, 100 params, 100 tags, 1000 in all.</summary>
    public static (List<Metric> Metrics, List<Param> Params, List<RunTag> Tags) Batch(LogBatchRequest request, bool limited = true)
    {
        var metricCount = request.Metrics?.Count ?? 0;
        var paramCount = request.Params?.Count ?? 0;
        var tagCount = request.Tags?.Count ?? 0;
        if (limited && metricCount > MaxMetricsPerBatch)
        {
            throw ApiException.InvalidParameter($"A batch logging request can contain at most {MaxMetricsPerBatch} metrics. Got {Count(metricCount)} metrics. Please split up metrics across multiple requests and try again.");
        }

        if (limited && (paramCount > MaxParamsTagsPerBatch || tagCount > MaxParamsTagsPerBatch))
        {
            throw ApiException.InvalidParameter($"A batch logging request can contain at most {MaxParamsTagsPerBatch} params and {MaxParamsTagsPerBatch} tags. Got {Count(paramCount)} params and {Count(tagCount)} tags. Please split them across multiple requests and try again.");
        }

        if (limited && metricCount + paramCount + tagCount > MaxEntitiesPerBatch)
        {
            throw ApiException.InvalidParameter($"A batch logging request can contain at most {MaxEntitiesPerBatch} metrics, params and tags in all. Got {Count(metricCount + paramCount + tagCount)}. Please split them across multiple requests and try again.");
        }

        var metrics = new List<Metric>(metricCount);
        foreach (var m in request.Metrics ?? [])
        {
            metrics.Add(new Metric(Required(m.Key, "metrics.key"), Required(m.Value, "metrics.value"), Required(m.Timestamp, "metrics.timestamp"), m.Step ?? 0));
        }

        var parameters = new List<Param>(paramCount);
        foreach (var p in request.Params ?? [])
        {
            parameters.Add(new Param(Required(p.Key, "params.key"), p.Value ?? throw ApiException.MissingParameter("params.value")));
        }

        var tags = new List<RunTag>(tagCount);
        foreach (var t in request.Tags ?? [])
        {
            tags.Add(new RunTag(Required(t.Key, "tags.key"), t.Value ?? throw ApiException.MissingParameter("tags.value")));
        }

        return (metrics, parameters, tags);
    }

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}
