using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Polly;
using Polly.Retry;

namespace Ariadne.Tracking.Http;

/// <summary>
/// HTTP to a tracking server: one pooled client (keep-alive), a bearer token, short connect and request timeouts, a
/// circuit (<see cref="ServerCircuit"/>) and a Polly retry pipeline (exponential backoff with jitter, Retry-After
/// respected) for answers that may succeed later: 503 (the server's store is down or busy), 429, 502, 504. A request
/// that gets no answer (refused, reset, timed out) is not retried: it opens the circuit, and until a background probe
/// finds the server healthy again every request fails at once as <see cref="ErrorCode.RemoteUnavailable"/> (the store
/// spools such writes), so a hung server costs the caller one request timeout per outage, not one per call. Every other error body is permanent: it is turned back into an
/// <see cref="AriadneException"/> with the matching code at once, never retried. Every request the store sends is
/// idempotent (runs carry client-chosen ids, batches carry sequence numbers), so retrying is safe.
/// </summary>
internal sealed class ServerTransport : IDisposable
{
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(30);

    /// <summary>How long a connection may take to open (a partitioned network never answers the SYN).</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);

    /// <summary>How long one request may wait for its answer by default (ARIADNE_TRACKING_TIMEOUT, in seconds, overrides it).</summary>
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long the background probe waits for <c>/health</c>.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    private readonly HttpClient _http;
    private readonly ResiliencePipeline<Answer> _retries;

    public ServerTransport(Uri baseAddress, string? token, int attempts, TimeSpan firstDelay, TimeSpan timeout, TimeSpan probeInterval)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = ConnectTimeout < timeout ? ConnectTimeout : timeout,
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
                    .HandleResult(answer => ApiErrors.IsTransient(answer.Status)),
                MaxRetryAttempts = attempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = firstDelay,
                MaxDelay = LongestWait,
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result?.RetryAfter is { } after ? (TimeSpan?)(after < LongestWait ? after : LongestWait) : null),
            })
            .Build();
        Description = baseAddress.ToString().TrimEnd('/');
        Circuit = new ServerCircuit(IsHealthyAsync, probeInterval);
    }

    public string Description { get; }

    /// <summary>Whether the server is taken to be away (requests fail at once) and the probe that closes it again.</summary>
    public ServerCircuit Circuit { get; }

    /// <summary>Sends a request, retrying what may succeed later; returns the parsed response, or default for 404 when <paramref name="notFoundIsNull"/>.</summary>
    public async Task<TResponse?> SendAsync<TRequest, TResponse>(
        HttpMethod method, string path, TRequest? request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, bool notFoundIsNull, CancellationToken cancellationToken)
    {
        var body = request is null ? null : JsonSerializer.SerializeToUtf8Bytes(request, requestType);
        return await SendBodyAsync(method, path, body, "application/json", responseType, notFoundIsNull, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A GET without a body (an upload's state).</summary>
    public Task<TResponse?> GetAsync<TResponse>(string path, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken) =>
        SendBodyAsync(HttpMethod.Get, path, null, "application/json", responseType, notFoundIsNull: false, cancellationToken);

    /// <summary>Sends raw bytes (an artifact chunk, <c>application/octet-stream</c>) with the same retries, circuit and errors as <see cref="SendAsync"/>.</summary>
    public Task<TResponse?> SendBytesAsync<TResponse>(HttpMethod method, string path, byte[] body, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken) =>
        SendBodyAsync(method, path, body, "application/octet-stream", responseType, notFoundIsNull: false, cancellationToken);

    private async Task<TResponse?> SendBodyAsync<TResponse>(HttpMethod method, string path, byte[]? body, string contentType, JsonTypeInfo<TResponse> responseType, bool notFoundIsNull, CancellationToken cancellationToken)
    {
        if (Circuit.IsOpen)
        {
            throw Unavailable($"it has not answered since: {Circuit.Reason.TrimEnd('.')}");
        }

        Answer answer;
        try
        {
            answer = await _retries.ExecuteAsync(
                static async (state, token) => await state.Transport.SendOnceAsync(state.Method, state.Path, state.Body, state.ContentType, token).ConfigureAwait(false),
                (Transport: this, Method: method, Path: path, Body: body, ContentType: contentType),
                cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw Away(e.Message, e);
        }
        catch (TaskCanceledException e) when (e.InnerException is TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            throw Away($"no answer within {_http.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s", e);
        }

        if (answer.Status is >= 200 and < 300)
        {
            return JsonSerializer.Deserialize(answer.Body, responseType);
        }

        if (answer.Status == 404 && notFoundIsNull)
        {
            return default;
        }

        throw Failure(answer.Status, answer.Body);
    }

    /// <summary>
    /// Streams a GET's body into <paramref name="destination"/> (an artifact download); an error answer throws as
    /// <see cref="SendAsync"/> does. Not retried: the caller decides whether a broken download is worth another try.
    /// </summary>
    public async Task DownloadAsync(string path, string destination, CancellationToken cancellationToken)
    {
        if (Circuit.IsOpen)
        {
            throw Unavailable($"it has not answered since: {Circuit.Reason.TrimEnd('.')}");
        }

        try
        {
            using var response = await _http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw Failure((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using var file = new FileStream(destination, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            await body.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw Away(e.Message, e);
        }
        catch (TaskCanceledException e) when (e.InnerException is TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            throw Away($"no answer within {_http.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s", e);
        }
    }

    /// <summary>An error answer as the exception it means: transient ones open the circuit, permanent ones keep their code.</summary>
    private AriadneException Failure(int statusCode, byte[] bodyBytes)
    {
        var error = ErrorOf(bodyBytes, statusCode);
        var status = statusCode.ToString(CultureInfo.InvariantCulture);
        if (ApiErrors.IsTransient(statusCode))
        {
            return Away($"HTTP {status}: {error.Message}");
        }

        // Permanent: sending it again cannot help. A code this client does not know is a store failure, named as the server sent it.
        var code = ApiErrors.ToAriadne(error.ErrorCode, statusCode);
        return code == ErrorCode.StoreFailure
            ? AriadneException.StoreFailure(Description, $"HTTP {status} {error.ErrorCode}: {error.Message.TrimEnd('.')}")
            : new AriadneException(code, error.Message);
    }

    public void Dispose()
    {
        Circuit.Dispose();
        _http.Dispose();
    }

    /// <summary>The background probe: true when <c>/health</c> answers 200 within <see cref="ProbeTimeout"/>.</summary>
    private async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            using var response = await _http.GetAsync("health", timeout.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    /// <summary>The server did not answer (or answered only "try later" after every retry): open the circuit and say so.</summary>
    private AriadneException Away(string problem, Exception? inner = null)
    {
        Circuit.Open(problem);
        return Unavailable(problem, inner);
    }

    private async Task<Answer> SendOnceAsync(HttpMethod method, string path, byte[]? body, string contentType, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            message.Content = new ByteArrayContent(body);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return new Answer((int)response.StatusCode, bytes, response.Headers.RetryAfter?.Delta);
    }

    private AriadneException Unavailable(string problem, Exception? inner = null) =>
        new(ErrorCode.RemoteUnavailable, $"The tracking server {Description} could not be reached: {problem}. Check that it runs and the URI is right (writes made meanwhile wait in the local spool; reads like this one cannot).", inner);

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
