using Ariadne.Lineage;
using Ariadne.Tracking;
using Ariadne.Workspace;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Ariadne.Server.Hosting.ApiContext;

namespace Ariadne.Server.AriadneApi;

/// <summary>
/// <c>GET /api/ariadne/lineage?target=T[&amp;direction=downstream]</c>: read-only, the lineage graph of a run id, a
/// content hash or a workspace path as <c>ariadne lineage --json</c> prints it (docs/lineage.md); the web UI's lineage view draws it.
/// </summary>
internal static class LineageEndpoint
{
    public static void Map(IEndpointRouteBuilder ariadneApi, ITrackingStore store, DataWorkspace? workspace) =>
        ariadneApi.MapGet("lineage", Endpoint(async context =>
        {
            var target = context.Request.Query["target"].ToString();
            var direction = context.Request.Query["direction"].ToString() switch
            {
                "" or "upstream" => LineageDirection.Upstream,
                "downstream" => LineageDirection.Downstream,
                var other => throw AriadneException.InvalidArgument($"direction must be 'upstream' or 'downstream', not '{other}'."),
            };
            var fullPath = workspace is null || target.Length == 0 || target.StartsWith('/') || target.Contains("..", StringComparison.Ordinal)
                ? Path.Combine(Path.GetTempPath(), "ariadne-no-such-path", Guid.NewGuid().ToString("N")) // not a path the server will read
                : Path.Combine(workspace.Root, target);
            var graph = await new LineageWalker(store, workspace).TraceAsync(target, fullPath, direction, context.RequestAborted).ConfigureAwait(false);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(LineageJson.Write(graph), context.RequestAborted).ConfigureAwait(false);
        }));
}
