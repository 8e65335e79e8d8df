using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Polly;
using Polly.Retry;

namespace Ariadne.Tracking.Http;

/// <summary>
/// HTTP to a tracking server: one pooled client (keep-alive), a bearer token, and a Polly retry pipeline (exponential
/// backoff with jitter, Retry-After respected) for what may succeed later: 503 (the server's store is down or busy),
/// 429, 502, 504 and network failures. Those end, after the last attempt, as <see cref="ErrorCode.RemoteUnavailable"/>
/// (the store spools such writes). Every other error body is permanent: it is turned back into an
/// <see cref="AriadneException"/> with the matching code at once, never retried. Every request the store sends is
/// idempotent (runs carry client-chosen ids, batches carry sequence numbers), so retrying is safe.
/// </summary>
internal sealed class ServerTransport : IDisposable
{
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;
    private readonly ResiliencePipeline<Answer> _retries;

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

        _retries = attempts <= 1 ? ResiliencePipeline<Answer>.Empty : new ResiliencePipelineBuilder<Answer>()
            .AddRetry(new RetryStrategyOptions<Answer>
            {
                ShouldHandle = new PredicateBuilder<Answer>()
                    .HandleResult(answer => ApiErrors.IsTransient(answer.Status))
                    .Handle<HttpRequestException>()
                    .Handle<TaskCanceledException>(e => e.InnerException is TimeoutException),
                MaxRetryAttempts = attempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = firstDelay,
                MaxDelay = LongestWait,
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result?.RetryAfter is { } after ? (TimeSpan?)(after < LongestWait ? after : LongestWait) : null),
            })
            .Build();
        Description = baseAddress.ToString().TrimEnd('/');
    }

    public string Description { get; }

    /// <summary>Sends a request, retrying what may succeed later; returns the parsed response, or default for 404 when <paramref name="notFoundIsNull"/>.</summary>
    public async Task<TResponse?> SendAsync<TRequest, TResponse>(
        HttpMethod method, string path, TRequest? request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, bool notFoundIsNull, CancellationToken cancellationToken)
    {
        var body = request is null ? null : JsonSerializer.SerializeToUtf8Bytes(request, requestType);
        Answer answer;
        try
        {
            answer = await _retries.ExecuteAsync(
                static async (state, token) => await state.Transport.SendOnceAsync(state.Method, state.Path, state.Body, token).ConfigureAwait(false),
                (Transport: this, Method: method, Path: path, Body: body),
                cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw Unavailable(e.Message, e);
        }
        catch (TaskCanceledException e) when (e.InnerException is TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            throw Unavailable("the request timed out", e);
        }

        if (answer.Status is >= 200 and < 300)
        {
            return JsonSerializer.Deserialize(answer.Body, responseType);
        }

        if (answer.Status == 404 && notFoundIsNull)
        {
            return default;
        }

        var error = ErrorOf(answer.Body, answer.Status);
        var status = answer.Status.ToString(CultureInfo.InvariantCulture);
        if (ApiErrors.IsTransient(answer.Status))
        {
            throw Unavailable($"HTTP {status}: {error.Message}");
        }

        // Permanent: sending it again cannot help. A code this client does not know is a store failure, named as the server sent it.
        var code = ApiErrors.ToAriadne(error.ErrorCode, answer.Status);
        throw code == ErrorCode.StoreFailure
            ? AriadneException.StoreFailure(Description, $"HTTP {status} {error.ErrorCode}: {error.Message.TrimEnd('.')}")
            : new AriadneException(code, error.Message);
    }

    public void Dispose() => _http.Dispose();

    private async Task<Answer> SendOnceAsync(HttpMethod method, string path, byte[]? body, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            message.Content = new ByteArrayContent(body);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return new Answer((int)response.StatusCode, bytes, response.Headers.RetryAfter?.Delta);
    }

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

        return new ErrorJson("HTTP_" + status.ToString(CultureInfo.InvariantCulture), $"The server answered HTTP {status.ToString(CultureInfo.InvariantCulture)} without an error body.");
    }

    /// <summary>One response as it came: status, body, and how long the server asked to wait (Retry-After).</summary>
    private sealed record Answer(int Status, byte[] Body, TimeSpan? RetryAfter);
}
