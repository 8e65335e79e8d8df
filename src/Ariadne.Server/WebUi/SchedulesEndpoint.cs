using Ariadne.Schedules;
using Ariadne.Tracking;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Ariadne.Server.Hosting.ApiContext;

namespace Ariadne.Server.WebUi;

/// <summary>
/// <c>GET /api/ariadne/schedules</c>: the schedules of the served workspace's <c>ariadne.yaml</c>, each with its
/// trigger, next slot (in its time zone) and latest runs. A server outside a workspace has none; a <c>schedules:</c>
/// section with problems answers with them in <c>error</c>, so the page can show what to fix.
/// </summary>
internal static class SchedulesEndpoint
{
    public const int RunsPerSchedule = 10;

    public static void Map(IEndpointRouteBuilder ariadneApi, ITrackingStore store, Workspace.DataWorkspace? workspace, TimeProvider time) =>
        ariadneApi.MapMethods("schedules", [HttpMethods.Get, HttpMethods.Post], Endpoint(async context =>
        {
            IReadOnlyList<ScheduleOverview> overviews = [];
            string? error = null;
            if (workspace is not null)
            {
                try
                {
                    var file = ScheduleFile.Load(workspace.Root);
                    overviews = await ScheduleOverview.ListAsync(file, store, time.GetUtcNow(), RunsPerSchedule, context.RequestAborted).ConfigureAwait(false);
                }
                catch (AriadneException e) when (e.Code == ErrorCode.MalformedConfig)
                {
                    error = e.Message;
                }
            }

            await WebUiJson.WriteAsync(context, json =>
            {
                json.WriteBoolean("workspace", workspace is not null);
                json.WriteString("file", workspace is null ? null : Pipelines.PipelineFile.PathIn(workspace.Root));
                json.WriteString("error", error);
                json.WriteStartArray("schedules");
                foreach (var overview in overviews)
                {
                    overview.WriteJson(json);
                }

                json.WriteEndArray();
            }).ConfigureAwait(false);
        }));
}
