using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Ariadne.Server.Mlflow;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ariadne.Server.Hosting;

/// <summary>
/// Reading requests and writing responses the way MLflow's server does: a GET takes its fields from the query string,
/// other methods from a JSON body (sent as <c>application/json</c>, at most <see cref="TrackingServerOptions.MaxRequestBytes"/>); unknown fields are
/// ignored; every failure becomes <c>{"error_code": ..., "message": ...}</c> with MLflow's status code.
/// </summary>
internal static class ApiContext
{
    /// <summary>Wraps an endpoint body so every exception leaves as an MLflow error body.</summary>
    public static RequestDelegate Endpoint(Func<HttpContext, Task> body) => async context =>
    {
        try
        {
            await body(context).ConfigureAwait(false);
        }
        catch (ApiException e)
        {
            await WriteErrorAsync(context, e.Status, e.ErrorCode, e.Message).ConfigureAwait(false);
        }
        catch (AriadneException e)
        {
            var (status, code) = ApiErrors.For(e);
            await WriteErrorAsync(context, status, code, e.Message).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody is left to answer.
        }
        catch (BadHttpRequestException e)
        {
            await WriteErrorAsync(context, e.StatusCode, e.StatusCode == 413 ? ApiErrors.InvalidParameterValue : ApiErrors.BadRequest, e.Message).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // A bug or a failure nobody foresaw: the operator finds it in the log by the request id the client got.
            var requestId = context.TraceIdentifier;
            var logger = context.RequestServices.GetService(typeof(ILogger<TrackingServer>)) as ILogger;
            logger?.LogError(e, "Request {RequestId} {Method} {Path} failed unexpectedly", requestId, context.Request.Method, context.Request.Path.Value);
            await WriteErrorAsync(context, 500, ApiErrors.InternalError,
                $"The server failed unexpectedly while answering {context.Request.Method} {context.Request.Path} (request id {requestId}). The server's log has the details under that id; please report it.",
                requestId: requestId).ConfigureAwait(false);
        }
    };

    /// <summary>
    /// Replaces whatever the response held with MLflow's error body; <paramref name="challenges"/> go with it as
    /// WWW-Authenticate headers, one header each (browsers read one challenge per header).
    /// </summary>
    public static async Task WriteErrorAsync(HttpContext context, int status, string errorCode, string message, string[]? challenges = null, string? requestId = null)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }

        context.Response.Clear();
        context.Response.StatusCode = status;
        if (challenges is not null)
        {
            context.Response.Headers.WWWAuthenticate = challenges;
        }

        if (status == 503)
        {
            // Transient: the store is down or busy. Clients retry after this many seconds (and spool meanwhile).
            context.Response.Headers.RetryAfter = ApiErrors.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        message = ServerPaths.Hide(message, context.RequestServices?.GetService(typeof(TrackingServerOptions)) as TrackingServerOptions);
        await WriteJsonAsync(context, new ErrorJson(errorCode, message) { RequestId = requestId }, MlflowJsonContext.Default.ErrorJson, status).ConfigureAwait(false);
    }

    public static async Task WriteJsonAsync<T>(HttpContext context, T value, JsonTypeInfo<T> type, int status = 200)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, value, type, context.RequestAborted).ConfigureAwait(false);
    }

    public static Task OkAsync(HttpContext context) => WriteJsonAsync(context, new EmptyJson(), MlflowJsonContext.Default.EmptyJson);

    /// <summary>The request message: from the query string for GET, else from the JSON body (an empty body is an empty message).</summary>
    public static async Task<T> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> type)
        where T : new()
    {
        var bytes = HttpMethods.IsGet(context.Request.Method)
            ? QueryAsJson(context.Request.Query)
            : await ReadBodyAsync(context).ConfigureAwait(false);
        if (bytes.Length == 0 && HttpMethods.IsDelete(context.Request.Method) && context.Request.Query.Count > 0)
        {
            // A DELETE without a body names its fields in the query string (the npm mlflow client sends them so).
            bytes = QueryAsJson(context.Request.Query);
        }

        if (bytes.Length == 0 || bytes.AsSpan().Trim(" \t\r\n"u8).Length == 0)
        {
            return new T();
        }

        try
        {
            return JsonSerializer.Deserialize(bytes, type) ?? throw ApiException.Malformed("The request body is JSON null; send a JSON object.");
        }
        catch (JsonException e)
        {
            var where = e.Path is { Length: > 1 } path ? $" at {path}" : "";
            throw ApiException.Malformed($"The request body is not valid JSON for this endpoint{where}: {e.Message.Split(" Path:")[0]} Send a JSON object with the fields the MLflow REST API names.");
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        var options = context.RequestServices.GetService(typeof(TrackingServerOptions)) as TrackingServerOptions;
        var limit = options?.MaxRequestBytes ?? TrackingServerOptions.DefaultMaxRequestBytes;
        if (context.Request.ContentLength is { } declared && declared > limit)
        {
            throw ApiException.TooLarge(limit);
        }

        var hasBody = context.Request.ContentLength is > 0 || (context.Request.ContentLength is null && context.Request.Headers.TransferEncoding.Count > 0);
        if (hasBody && !IsJson(context.Request.ContentType))
        {
            throw ApiException.NotJson(context.Request.ContentType);
        }

        var buffer = new ArrayBufferWriter<byte>(4096);
        var body = context.Request.Body;
        while (true)
        {
            var memory = buffer.GetMemory(16384);
            var read = await body.ReadAsync(memory, context.RequestAborted).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
            {
                throw ApiException.TooLarge(limit);
            }
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>application/json or application/*+json, with any parameters (charset).</summary>
    private static bool IsJson(string? contentType)
    {
        if (contentType is null || !Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return false;
        }

        var type = media.MediaType.Value ?? "";
        return type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (type.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }

    private static byte[] QueryAsJson(IQueryCollection query)
    {
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            foreach (var (key, values) in query)
            {
                writer.WritePropertyName(key);
                if (values.Count == 1)
                {
                    writer.WriteStringValue(values[0]);
                }
                else
                {
                    writer.WriteStartArray();
                    foreach (var value in values)
                    {
                        writer.WriteStringValue(value);
                    }

                    writer.WriteEndArray();
                }
            }

            writer.WriteEndObject();
        }

        return output.WrittenSpan.ToArray();
    }
}
