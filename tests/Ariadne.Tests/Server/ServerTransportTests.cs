using System.Collections.Concurrent;
using System.Net;
using Ariadne.Tests.Support;
using Ariadne.Tracking;
using Ariadne.Tracking.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Ariadne.Tests.Server;

/// <summary>The SDK's HTTP transport against a stub server that answers 503 and 429 before it accepts: retries with backoff, one kept-alive connection.</summary>
public sealed class ServerTransportTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private readonly ConcurrentQueue<string> _connections = new();
    private readonly Queue<int> _statuses = new([503, 429, 200]);
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
            int status;
            lock (_statuses)
            {
                status = _statuses.Count > 0 ? _statuses.Dequeue() : 200;
            }

            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            if (status == 429)
            {
                context.Response.Headers.RetryAfter = "0";
            }

            await context.Response.WriteAsync(status == 200 ? """{"applied": true}""" : """{"error_code": "TEMPORARILY_UNAVAILABLE", "message": "busy"}""");
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
        await using var client = new HttpTrackingStore(_address, null, _folder.Combine("spool"), attempts: 5, firstDelay: TimeSpan.FromMilliseconds(20));

        await client.LogBatchAsync("0123456789abcdef0123456789abcdef", [new Metric("m", 1, 1, 0)], [], [], default);

        Assert.Equal(3, _requests);
        Assert.Single(_connections.Distinct());
        Assert.False(Directory.Exists(_folder.Combine("spool")) && Directory.EnumerateFiles(_folder.Combine("spool"), "*", SearchOption.AllDirectories).Any());
    }
}
