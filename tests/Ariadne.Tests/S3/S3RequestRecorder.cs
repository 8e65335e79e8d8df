using System.Collections.Concurrent;
using Amazon.Runtime;

namespace Ariadne.Tests.S3;

/// <summary>
/// Plugs into the AWS SDK as its HTTP client factory and records every request a store sends, so tests can see how
/// it talked to the server (single PUT or multipart, chunk-signed or not). Optionally runs a hook before each send.
/// </summary>
internal sealed class S3RequestRecorder : HttpClientFactory
{
    public ConcurrentQueue<Request> Requests { get; } = new();

    /// <summary>Runs before each request goes out; a test uses it to cancel or fail an upload half-way.</summary>
    public Action<HttpRequestMessage>? BeforeSend { get; init; }

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new Handler(this, new SocketsHttpHandler()));

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    public IEnumerable<Request> Where(string method, string queryContains) =>
        Requests.Where(r => r.Method == method && r.Query.Contains(queryContains, StringComparison.Ordinal));

    /// <summary>One request as sent: what it did, and the headers that reveal aws-chunked, chunk-signed bodies.</summary>
    public sealed record Request(string Method, string Path, string Query, string? ContentSha256, string? ContentEncoding);

    private sealed class Handler(S3RequestRecorder recorder, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var sha = request.Headers.TryGetValues("x-amz-content-sha256", out var values) ? string.Join(",", values) : null;
            var encoding = request.Content?.Headers.ContentEncoding is { Count: > 0 } codings ? string.Join(",", codings) : null;
            var uri = request.RequestUri!;
            recorder.Requests.Enqueue(new Request(request.Method.Method, uri.AbsolutePath, uri.Query, sha, encoding));
            recorder.BeforeSend?.Invoke(request);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
