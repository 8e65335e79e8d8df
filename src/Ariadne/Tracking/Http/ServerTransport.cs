using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Ariadne.Tracking.Http;

/// <summary>
/// HTTP to a tracking server: one pooled client (keep-alive), a bearer token, retries with exponential backoff and
/// jitter on 429, 5xx and network failures (Retry-After respected), and server error bodies turned back into
/// <see cref="AriadneException"/>s with the matching code. Every request the store sends is idempotent (runs carry
/// client-chosen ids, batches carry sequence numbers), so retrying is safe.
/// </summary>
internal sealed class ServerTransport : IDisposable
{
    private readonly HttpClient _http;
    private readonly int _attempts;
    private readonly TimeSpan _firstDelay;

    public ServerTransport(Uri baseAddress, string? token, int attempts, TimeSpan firstDelay, TimeSpan timeout)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            MaxConnectionsPerServer = 16,
            AutomaticDecompression = DecompressionMethods.None,
        };
        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = timeout };
        if (!string.IsNullOrEmpty(token))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        _attempts = Math.Max(1, attempts);
        _firstDelay = firstDelay;
        Description = baseAddress.ToString().TrimEnd('/');
    }

    public string Description { get; }

    /// <summary>Sends a request, retrying what may succeed later; returns the parsed response, or default for 404 when <paramref name="notFoundIsNull"/>.</summary>
    public async Task<TResponse?> SendAsync<TRequest, TResponse>(
        HttpMethod method, string path, TRequest? request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, bool notFoundIsNull, CancellationToken cancellationToken)
    {
        var body = request is null ? null : JsonSerializer.SerializeToUtf8Bytes(request, requestType);
        AriadneException? last = null;
        for (var attempt = 1; attempt <= _attempts; attempt++)
        {
            TimeSpan? retryAfter = null;
            try
            {
                using var message = new HttpRequestMessage(method, path);
                if (body is not null)
                {
                    message.Content = new ByteArrayContent(body);
                    message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                }

                using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
                var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (status is >= 200 and < 300)
                {
                    return JsonSerializer.Deserialize(bytes, responseType);
                }

                if (status == 404 && notFoundIsNull)
                {
                    return default;
                }

                var error = ErrorOf(bytes, status);
                if (status is 429 or >= 500 and not 501)
                {
                    last = Unavailable($"HTTP {status}: {error.Message}");
                    retryAfter = response.Headers.RetryAfter?.Delta;
                }
                else
                {
                    throw new AriadneException(ApiErrors.ToAriadne(error.ErrorCode, status), error.Message);
                }
            }
            catch (HttpRequestException e)
            {
                last = Unavailable(e.Message, e);
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                last = Unavailable("the request timed out", e);
            }

            if (attempt < _attempts)
            {
                var backoff = _firstDelay * Math.Pow(2, attempt - 1) * (0.5 + Random.Shared.NextDouble());
                var delay = retryAfter is { } after && after > backoff ? after : backoff;
                await Task.Delay(delay < TimeSpan.FromSeconds(30) ? delay : TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            }
        }

        throw last!;
    }

    public void Dispose() => _http.Dispose();

    private AriadneException Unavailable(string problem, Exception? inner = null) =>
        new(ErrorCode.RemoteUnavailable, $"The tracking server {Description} could not be reached: {problem}. Check that it runs and the URI is right; logged data waits in the spool until 'ariadne sync'.", inner);

    private static ErrorJson ErrorOf(byte[] bytes, int status)
    {
        try
        {
            if (JsonSerializer.Deserialize(bytes, MlflowJsonContext.Default.ErrorJson) is { ErrorCode: not null, Message: not null } error)
            {
                return error;
            }
        }
        catch (JsonException)
        {
        }

        return new ErrorJson("HTTP_" + status.ToString(System.Globalization.CultureInfo.InvariantCulture), $"The server answered HTTP {status} without an error body.");
    }
}
