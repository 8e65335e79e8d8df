using System.Text;
using Ariadne.Server.Auth;
using Ariadne.Tests.Support;
using Ariadne.Tracking;

namespace Ariadne.Tests.Server;

/// <summary>
/// Requests a web page of another site can make through a browser: a rebound DNS name (another Host), a POST from
/// another Origin, a text/plain body. A server without tokens answers none of them; with tokens the Origin rule holds too.
/// </summary>
public sealed class CrossSiteTests : SqliteServerTest
{
    private HttpRequestMessage Create(string name, string? host = null, string? origin = null, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/2.0/mlflow/experiments/create")
        {
            Content = new StringContent($$"""{"name": "{{name}}"}""", Encoding.UTF8, contentType),
        };
        if (host is not null)
        {
            request.Headers.Host = host;
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return request;
    }

    private async Task<bool> ExistsAsync(string name) => await Api.Store.GetExperimentByNameAsync(name, CancellationToken.None) is not null;

    [Theory]
    [InlineData("rebound.example.com")]
    [InlineData("127.0.0.1.nip.io")]
    [InlineData("127.0.0.1:1")]
    public async Task A_server_without_tokens_refuses_requests_addressed_to_another_host(string host)
    {
        var port = Api.Address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var read = new HttpRequestMessage(HttpMethod.Get, "api/2.0/mlflow/experiments/search");
        read.Headers.Host = host.Contains(':', StringComparison.Ordinal) ? host : $"{host}:{port}";
        using var write = Create("rebound", host: read.Headers.Host);

        var readReply = await Api.SendAsync(read);
        var writeReply = await Api.SendAsync(write);

        Assert.Equal(403, readReply.Status);
        Assert.Equal("PERMISSION_DENIED", readReply.ErrorCode);
        Assert.Contains("127.0.0.1, localhost or [::1]", readReply["message"].GetString(), StringComparison.Ordinal);
        Assert.Equal(403, writeReply.Status);
        Assert.False(await ExistsAsync("rebound"));
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("LOCALHOST")]
    [InlineData("127.0.0.1")]
    public async Task Loopback_names_with_the_bound_port_are_answered(string host)
    {
        using var request = Create("by-" + host.ToLowerInvariant(), host: $"{host}:{Api.Address.Port}");

        (await Api.SendAsync(request)).EnsureOk();
    }

    [Theory]
    [InlineData("http://attacker.example")]
    [InlineData("http://127.0.0.1:1")]
    [InlineData("https://127.0.0.1")]
    [InlineData("null")]
    public async Task Changes_from_another_origin_are_refused(string origin)
    {
        using var request = Create("from-elsewhere", origin: origin);

        var reply = await Api.SendAsync(request);

        Assert.Equal(403, reply.Status);
        Assert.Contains("another site", reply["message"].GetString(), StringComparison.Ordinal);
        Assert.False(await ExistsAsync("from-elsewhere"));
    }

    [Fact]
    public async Task Changes_from_the_servers_own_origin_and_from_clients_without_an_origin_are_accepted()
    {
        using var own = Create("own-page", origin: Api.Address.GetLeftPart(UriPartial.Authority));
        using var client = Create("api-client");

        (await Api.SendAsync(own)).EnsureOk();
        (await Api.SendAsync(client)).EnsureOk();
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data")]
    public async Task Bodies_without_a_json_content_type_are_refused(string contentType)
    {
        using var request = Create("plain-text", contentType: contentType);

        var reply = await Api.SendAsync(request);

        Assert.Equal(415, reply.Status);
        Assert.Contains("application/json", reply["message"].GetString(), StringComparison.Ordinal);
        Assert.False(await ExistsAsync("plain-text"));
    }

    [Fact]
    public async Task With_tokens_a_valid_token_from_another_origin_is_refused()
    {
        var tokens = TokenFile.Load(Folder.Combine("tokens.json"));
        var admin = tokens.Create("ada", Role.Admin, DateTimeOffset.UnixEpoch);
        await using var secured = await ServerUnderTest.StartAsync(Api.Store, tokens: tokens);
        secured.UseToken(admin);
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/2.0/mlflow/experiments/create")
        {
            Content = new StringContent("""{"name": "cached-credentials"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Origin", "http://attacker.example");

        var reply = await secured.SendAsync(request);

        Assert.Equal(403, reply.Status);
        Assert.False(await ExistsAsync("cached-credentials"));
    }
}
