using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Ariadne.Server.WebUi;

/// <summary>Writes the small JSON answers of the UI's own endpoints (a few fields each) without a serializer context.</summary>
internal static class WebUiJson
{
    public static async Task WriteAsync(HttpContext context, Action<Utf8JsonWriter> write)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        write(writer);
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
