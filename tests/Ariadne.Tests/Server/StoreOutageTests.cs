using System.Net;
using System.Net.Sockets;
using System.Text;
using Ariadne.Postgres;
using Ariadne.Tests.Support;
using Ariadne.Tracking;
using Ariadne.Tracking.Http;

namespace Ariadne.Tests.Server;

/// <summary>
/// A server whose store is down (its PostgreSQL refuses connections): it answers 503 with Retry-After, an error clients
/// know to be transient, and the SDK retries, then keeps the write in its spool instead of failing the training.
/// </summary>
public sealed class StoreOutageTests
{
    [Fact]
    public async Task A_store_that_cannot_be_reached_is_503_with_retry_after_and_the_sdk_spools_the_write()
    {
        using var folder = new TempFolder();
        await using var store = PostgresStore.Open($"postgresql://ariadne@127.0.0.1:{ClosedPort()}/ariadne");
        await using var server = await ServerUnderTest.StartAsync(store);

        using var response = await server.Http.PostAsync("api/2.0/mlflow/experiments/create", new StringContent("""{"name": "e"}""", Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(ApiErrors.RetryAfterSeconds), response.Headers.RetryAfter?.Delta);
        Assert.Contains("TEMPORARILY_UNAVAILABLE", body, StringComparison.Ordinal);
        Assert.Contains("connection refused", body, StringComparison.Ordinal);

        var spool = folder.Combine("spool");
        await using (var client = new HttpTrackingStore(server.Address, null, spool, attempts: 2, firstDelay: TimeSpan.FromMilliseconds(10)))
        {
            await client.LogBatchAsync("0123456789abcdef0123456789abcdef", [new Metric("loss", 0.5, 1, 0)], [new Param("lr", "0.1")], [], default);
        }

        var kept = Assert.Single(Directory.EnumerateFiles(spool, "*.jsonl", SearchOption.AllDirectories));
        Assert.Contains("\"lr\"", await File.ReadAllTextAsync(kept), StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
