using Ariadne.Server.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Ariadne.Server.Hosting.ApiContext;

namespace Ariadne.Server.WebUi;

/// <summary>
/// <c>GET /api/ariadne/ui/session</c>: who the browser is and what it may do, so the UI offers editing (a run's note
/// and tags) to writers only. On a server without tokens everyone may do everything, so the answer is admin; the
/// server still checks every write itself.
/// </summary>
internal static class UiSessionEndpoint
{
    public static void Map(IEndpointRouteBuilder ariadneApi) =>
        ariadneApi.MapGet("ui/session", Endpoint(context =>
        {
            var role = ServerUser.RoleOf(context) ?? Role.Admin;
            return WebUiJson.WriteAsync(context, json =>
            {
                json.WriteString("user", ServerUser.Of(context));
                json.WriteString("role", role.ToString().ToLowerInvariant());
                json.WriteBoolean("can_write", role >= Role.Writer);
            });
        }));
}
