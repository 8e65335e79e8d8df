using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Ariadne.Remotes;
using Ariadne.Server;
using Ariadne.Server.Auth;
using Ariadne.Tracking;

namespace Ariadne.Tests.Server;

/// <summary>A real tracking server on 127.0.0.1 and a free port over a given store, with an HTTP client that speaks raw JSON.</summary>
public sealed class ServerUnderTest : IAsyncDisposable
{
    private ServerUnderTest(TrackingServer server, ITrackingStore store, HttpClient http)
    {
        Server = server;
        Store = store;
        Http = http;
    }

    public TrackingServer Server { get; }

    public ITrackingStore Store { get; }

    public HttpClient Http { get; }

    public Uri Address => Server.Address;

    public static async Task<ServerUnderTest> StartAsync(ITrackingStore store, IObjectStore? artifacts = null, TokenFile? tokens = null, long? maxRequestBytes = null, string? tempFolder = null, long? maxArtifactBytes = null, int port = 0)
    {
        var server = await TrackingServer.StartAsync(new TrackingServerOptions
        {
            Store = store,
            Artifacts = artifacts,
            Port = port,
            Tokens = tokens,
            MaxRequestBytes = maxRequestBytes ?? TrackingServerOptions.DefaultMaxRequestBytes,
            TempFolder = tempFolder,
            MaxArtifactBytes = maxArtifactBytes ?? TrackingServerOptions.DefaultMaxArtifactBytes,
        });
        var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(60) };
        return new ServerUnderTest(server, store, http);
    }

    public void UseToken(string? token) =>
        Http.DefaultRequestHeaders.Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token);

    /// <summary>POSTs <paramref name="json"/> to <c>/api/2.0/mlflow/&lt;action&gt;</c>.</summary>
    public Task<ApiReply> PostAsync(string action, string json) => SendAsync(HttpMethod.Post, "api/2.0/mlflow/" + action, json);

    /// <summary>GETs <c>/api/2.0/mlflow/&lt;action&gt;?&lt;query&gt;</c>.</summary>
    public Task<ApiReply> GetAsync(string action, string query = "") =>
        SendAsync(HttpMethod.Get, "api/2.0/mlflow/" + action + (query.Length > 0 ? "?" + query : ""), null);

    public async Task<ApiReply> SendAsync(HttpMethod method, string relative, string? json)
    {
        using var request = new HttpRequestMessage(method, relative);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return await SendAsync(request);
    }

    public async Task<ApiReply> SendAsync(HttpRequestMessage request)
    {
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonElement body = default;
        if (text.Length > 0 && (text[0] == '{' || text[0] == '['))
        {
            body = JsonDocument.Parse(text).RootElement.Clone();
        }

        return new ApiReply((int)response.StatusCode, body, text);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>An HTTP answer: status, the JSON body (default when not JSON) and the raw text.</summary>
public sealed record ApiReply(int Status, JsonElement Body, string Text)
{
    public string ErrorCode => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("error_code", out var code) ? code.GetString() ?? "" : "";

    public JsonElement this[string property] => Body.GetProperty(property);

    public ApiReply EnsureOk()
    {
        Assert.True(Status == 200, $"Expected 200, got {Status}: {Text}");
        return this;
    }
}
