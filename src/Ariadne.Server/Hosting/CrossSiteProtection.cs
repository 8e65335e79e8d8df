using System.Net;
using Microsoft.AspNetCore.Http;

namespace Ariadne.Server.Hosting;

/// <summary>
/// Keeps web pages of other sites away from the server, which a browser on the same machine can reach:
/// <list type="bullet">
/// <item>Without tokens, on loopback, only requests addressed to the server by a loopback name are answered
/// (<c>Host</c> is <c>127.0.0.1</c>, <c>localhost</c>, <c>[::1]</c> or the bound address, with the bound port), so a
/// DNS name rebound to 127.0.0.1 reaches nothing.</item>
/// <item>A request other than GET, HEAD or OPTIONS whose <c>Origin</c> is another site (another scheme, host or port,
/// or <c>null</c>), or whose <c>Sec-Fetch-Site</c> says so, is refused with or without tokens, so a page cannot
/// write through a browser's cached credentials either.</item>
/// </list>
/// JSON request bodies are read only with a JSON content type (see <see cref="ApiContext"/>): a page can send
/// <c>text/plain</c> without asking, but <c>application/json</c> only after a CORS preflight, which this server
/// never grants.
/// </summary>
internal static class CrossSiteProtection
{
    public static Func<HttpContext, RequestDelegate, Task> Middleware(bool checkHost, IPAddress bound) => async (context, next) =>
    {
        var request = context.Request;
        if (checkHost && !IsLoopbackHost(request.Host, context.Connection.LocalPort, bound))
        {
            await ApiContext.WriteErrorAsync(context, 403, ApiErrors.PermissionDenied,
                $"This server answers only requests addressed to 127.0.0.1, localhost or [::1] on port {context.Connection.LocalPort}; this one was addressed to '{request.Host}'. Open the address the server printed, or start it with tokens to serve other names.").ConfigureAwait(false);
            return;
        }

        if (!IsSafe(request.Method) && CrossSite(request) is { } other)
        {
            await ApiContext.WriteErrorAsync(context, 403, ApiErrors.PermissionDenied,
                $"{request.Method} {request.Path} came from a page of another site ({other}); the server takes changes only from its own pages and from API clients. Send the request from the server's own web UI or from a client that is not a browser.").ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    };

    private static bool IsSafe(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    /// <summary>The other site a browser says the request came from, or null when it came from this one (or not from a browser).</summary>
    private static string? CrossSite(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                return $"Origin '{origin}'";
            }

            var host = request.Host;
            var port = host.Port ?? uri.Port;
            return string.Equals(uri.Host, host.Host, StringComparison.OrdinalIgnoreCase) && uri.Port == port ? null : $"Origin '{origin}'";
        }

        var site = request.Headers["Sec-Fetch-Site"].ToString();
        return site is "cross-site" or "same-site" ? $"Sec-Fetch-Site '{site}'" : null;
    }

    private static bool IsLoopbackHost(HostString host, int localPort, IPAddress bound)
    {
        if (!host.HasValue || (host.Port ?? 80) != localPort)
        {
            return false;
        }

        var name = host.Host;
        var boundName = bound.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{bound}]" : bound.ToString();
        return name.Equals("localhost", StringComparison.OrdinalIgnoreCase) || name is "127.0.0.1" or "[::1]" || name.Equals(boundName, StringComparison.OrdinalIgnoreCase);
    }
}
