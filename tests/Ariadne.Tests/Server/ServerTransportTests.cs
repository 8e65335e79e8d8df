using System.Collections.Concurrent;
using System.Net;
using Ariadne.Tests.Support;
using Ariadne.Tracking;
using Ariadne.Tracking.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Ariadne.Tests.Server;

/// <summary>
/// The SDK's HTTP transport against a stub server that answers what each test queues: transient failures (503, 429)
/// are retried with backoff over one kept-alive connection; permanent ones (a 4xx, an error code the client does not
/// know) fail at once, are never retried and never spooled.
/// </summary>
public sealed class ServerTransportTests : IAsyncLifetime
{
    private const string RunId = "0123456789abcdef0123456789abcdef";
    private readonly TempFolder _folder = new();
    private readonly ConcurrentQueue<string> _connections = new();
    private readonly Queue<(int Status, string Body)> _answers = new();
    private WebApplication _stub = null!;
    private Uri _address = null!;
    private int _requests;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _stub = builder.Build();
        _stub.Run(async context =>
        {
            Interlocked.Increment(ref _requests);
            _connections.Enqueue(context.Connection.Id);
            (int Status, string Body) answer;
            lock (_answers)
            {
                answer = _answers.Count > 0 ? _answers.Dequeue() : (200, """{"applied": true}""");
            }

            context.Response.StatusCode = answer.Status;
            context.Response.ContentType = "application/json";
            if (answer.Status is 429 or 503)
            {
                context.Response.Headers.RetryAfter = "0";
            }

            await context.Response.WriteAsync(answer.Body);
        });
        await _stub.StartAsync();
        _address = new Uri(_stub.Urls.First() + "/");
    }

    public async Task DisposeAsync()
    {
        await _stub.StopAsync();
        await _stub.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Batches_are_retried_after_503_and_429_over_one_kept_alive_connection()
    {
        Answer(503, """{"error_code": "TEMPORARILY_UNAVAILABLE", "message": "busy"}""");
        Answer(429, """{"error_code": "TEMPORARILY_UNAVAILABLE", "message": "busy"}""");
        await using var client = Client();

        await client.LogBatchAsync(RunId, [new Metric("m", 1, 1, 0)], [], [], default);

        Assert.Equal(3, _requests);
        Assert.Single(_connections.Distinct());
        Assert.Empty(SpoolFiles());
    }

    [Fact]
    public async Task A_400_is_not_retried_nor_spooled_and_surfaces_the_servers_message()
    {
        Answer(400, """{"error_code": "INVALID_PARAMETER_VALUE", "message": "Metric 'm' has no timestamp."}""");
        await using var client = Client();

        var error = await Assert.ThrowsAsync<AriadneException>(() => client.LogBatchAsync(RunId, [new Metric("m", 1, 1, 0)], [], [], default));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Equal("Metric 'm' has no timestamp.", error.Message);
        Assert.Equal(1, _requests);
        Assert.Empty(SpoolFiles());
    }

    [Theory]
    [InlineData(409, "QUOTA_EXCEEDED")]
    [InlineData(500, "SOMETHING_NEW")]
    public async Task An_error_code_the_client_does_not_know_is_permanent(int status, string code)
    {
        Answer(status, $$"""{"error_code": "{{code}}", "message": "The server says no."}""");
        await using var client = Client();

        var error = await Assert.ThrowsAsync<AriadneException>(() => client.LogBatchAsync(RunId, [new Metric("m", 1, 1, 0)], [], [], default));

        Assert.Equal(ErrorCode.StoreFailure, error.Code);
        Assert.Contains($"HTTP {status} {code}: The server says no", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, _requests);
        Assert.Empty(SpoolFiles());
    }

    [Fact]
    public async Task A_503_that_outlasts_the_retries_spools_the_write_and_a_later_sync_uploads_it()
    {
        for (var i = 0; i < 4; i++)
        {
            Answer(503, """{"error_code": "TEMPORARILY_UNAVAILABLE", "message": "The tracking store is down."}""");
        }

        await using (var client = Client(attempts: 3))
        {
            await client.LogBatchAsync(RunId, [new Metric("m", 1, 1, 0)], [], [], default);

            Assert.Equal(3, _requests);
            Assert.Single(SpoolFiles());
        }

        // Disposing with the circuit open asks the server once (GET /health); still down, so the spool stays for a sync.
        Assert.Equal(4, _requests);
        Assert.Single(SpoolFiles());
        await using (var later = Client(attempts: 3))
        {
            await later.SyncAsync(default);
        }

        Assert.Equal(5, _requests);
        Assert.Empty(SpoolFiles());
    }

    private HttpTrackingStore Client(int attempts = 5) =>
        new(_address, null, _folder.Combine("spool"), attempts: attempts, firstDelay: TimeSpan.FromMilliseconds(20));

    private void Answer(int status, string body)
    {
        lock (_answers)
        {
            _answers.Enqueue((status, body));
        }
    }

    private IEnumerable<string> SpoolFiles() =>
        Directory.Exists(_folder.Combine("spool"))
            ? Directory.EnumerateFiles(_folder.Combine("spool"), "*.jsonl", SearchOption.AllDirectories)
            : [];
}
