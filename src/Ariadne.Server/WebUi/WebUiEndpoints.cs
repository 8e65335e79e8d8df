using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ariadne.Server.WebUi;

/// <summary>
/// The web UI: <c>/</c> serves the page, <c>/ui/...</c> its scripts, styles and ECharts, all embedded in this assembly
/// at build time (web/src and ECharts' prebuilt file from npm), so a server needs no files beside its binary. Views
/// live in the URL's fragment (<c>/#/runs/...</c>), so every view is a link and the server has one page to serve.
/// </summary>
internal static class WebUiEndpoints
{
    public const string Prefix = "/ui";

    private static readonly Assembly Assembly = typeof(WebUiEndpoints).Assembly;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", context => SendAsync(context, "ui/index.html"));
        app.MapGet(Prefix + "/{**file}", context => SendAsync(context, "ui/" + (context.Request.RouteValues["file"] as string ?? "")));
    }

    private static async Task SendAsync(HttpContext context, string resource)
    {
        // Resource names are fixed at build time; a request names one exactly or gets 404 (no file system behind it).
        await using var stream = Assembly.GetManifestResourceStream(resource);
        if (stream is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync($"No UI file '{resource[3..]}'.", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = ContentType(resource);
        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Content-Type-Options"] = "nosniff";
        context.Response.ContentLength = stream.Length;
        await stream.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
    }

    private static string ContentType(string resource) => Path.GetExtension(resource) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
}
