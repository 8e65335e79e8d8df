using Ariadne.Tracking;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Ariadne.Server.Hosting.ApiContext;

namespace Ariadne.Server.WebUi;

/// <summary>
/// <c>GET /api/ariadne/datasets/tracked</c>: every content hash that active runs read, named or not: its pointer
/// files (the path), the dataset versions that name it, how many runs read it and in which experiments. The datasets
/// page lists data that has no tag yet from this, by path and content version.
/// </summary>
internal static class TrackedDataEndpoint
{
    public static void Map(IEndpointRouteBuilder ariadneApi, ITrackingStore store) =>
        ariadneApi.MapMethods("datasets/tracked", [HttpMethods.Get, HttpMethods.Post], Endpoint(async context =>
        {
            var experiments = await store.ListExperimentsAsync(ViewType.ActiveOnly, context.RequestAborted).ConfigureAwait(false);
            var byHash = new Dictionary<string, Tracked>(StringComparer.Ordinal);
            string? token = null;
            do
            {
                var page = await store.SearchRunsAsync(
                    new RunSearch([.. experiments.Select(e => e.ExperimentId)], null, null, Mlflow.RunEndpoints.SearchLimit, token), context.RequestAborted).ConfigureAwait(false);
                foreach (var run in page.Runs)
                {
                    foreach (var input in run.Inputs)
                    {
                        if (!byHash.TryGetValue(input.DatasetHash, out var tracked))
                        {
                            byHash[input.DatasetHash] = tracked = new Tracked();
                        }

                        tracked.Runs.Add(run.Info.RunId);
                        tracked.Experiments.Add(run.Info.ExperimentId);
                        tracked.LastRead = Math.Max(tracked.LastRead, run.Info.StartTime);
                        if (input.PointerPath is { Length: > 0 } path)
                        {
                            tracked.Paths.Add(path);
                        }

                        if (input.DatasetName is { Length: > 0 } name)
                        {
                            tracked.Names.Add(name + "@" + input.DatasetVersion);
                        }
                    }
                }

                token = page.NextPageToken;
            }
            while (!string.IsNullOrEmpty(token));

            await WebUiJson.WriteAsync(context, json =>
            {
                json.WriteStartArray("data");
                foreach (var (hash, tracked) in byHash.OrderByDescending(kv => kv.Value.LastRead).ThenBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    json.WriteStartObject();
                    json.WriteString("hash", hash);
                    Strings(json, "pointer_paths", tracked.Paths);
                    Strings(json, "names", tracked.Names);
                    Strings(json, "experiment_ids", tracked.Experiments);
                    json.WriteNumber("runs", tracked.Runs.Count);
                    json.WriteNumber("last_read", tracked.LastRead);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }).ConfigureAwait(false);
        }));

    private static void Strings(System.Text.Json.Utf8JsonWriter json, string name, SortedSet<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private sealed class Tracked
    {
        public SortedSet<string> Paths { get; } = new(StringComparer.Ordinal);

        public SortedSet<string> Names { get; } = new(StringComparer.Ordinal);

        public SortedSet<string> Experiments { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Runs { get; } = new(StringComparer.Ordinal);

        public long LastRead { get; set; }
    }
}
