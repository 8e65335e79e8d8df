using System.Net;
using Ariadne.Server.Artifacts;
using Ariadne.Server.Auth;
using Ariadne.Server.Hosting;
using Ariadne.Server.Mlflow;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ariadne.Server;

/// <summary>
/// The tracking server: MLflow's REST API 2.0 under <c>/api/2.0/mlflow/</c>, MLflow's artifact proxy under
/// <c>/api/2.0/mlflow-artifacts/</c> and Ariadne's own endpoints under <c>/api/ariadne/</c>, over any
/// <see cref="Tracking.ITrackingStore"/> and <see cref="Remotes.IObjectStore"/>.
/// <code>
/// await using var server = await TrackingServer.StartAsync(new TrackingServerOptions { Store = store, Port = 0 });
/// Console.WriteLine(server.Address);
/// </code>
/// </summary>
public sealed class TrackingServer : IAsyncDisposable
{
    public const string MlflowPrefix = "/api/2.0/mlflow";
    public const string AriadnePrefix = "/api/ariadne";

    private readonly WebApplication _app;

    private TrackingServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The address the server listens on, e.g. <c>http://127.0.0.1:5000/</c>.</summary>
    public Uri Address { get; }

    /// <summary>
    /// Starts listening. A non-loopback address without tokens is refused unless
    /// <see cref="TrackingServerOptions.AllowUnauthenticatedRemote"/> is set.
    /// </summary>
    public static async Task<TrackingServer> StartAsync(TrackingServerOptions options, CancellationToken cancellationToken = default, Action<ILoggingBuilder>? logging = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var address = ResolveHost(options.Host);
        var hasTokens = options.Tokens is { IsEmpty: false };
        if (!IPAddress.IsLoopback(address) && !hasTokens && !options.AllowUnauthenticatedRemote)
        {
            throw AriadneException.InvalidArgument(
                $"Refusing to serve {options.Host} without authentication: anyone who can reach it could read and change every run. Create a token with 'ariadne server token create --role admin', or pass --insecure-no-auth if this network is trusted.");
        }

        var builder = ServerHost.CreateBuilder();
        logging?.Invoke(builder.Logging);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(address, options.Port);
        });
        builder.Services.AddSingleton(options);
        if (options.Scheduler is { } scheduler)
        {
            builder.Services.AddHostedService(services => new Schedules.ScheduleService(scheduler, options.Time, services.GetRequiredService<ILogger<Schedules.ScheduleService>>()));
        }

        ArtifactProxyEndpoints.RemoveAbandonedUploads(options);
        var app = builder.Build();

        app.Use(CrossSiteProtection.Middleware(checkHost: !hasTokens && IPAddress.IsLoopback(address), address));
        app.Use(Authentication.Middleware(options.Tokens));
        app.MapGet("/health", async context =>
        {
            // Healthy means the store takes a write now: a store whose files were removed, that became read-only or
            // cannot be reached is 503, with the store's own message.
            try
            {
                await options.Store.CheckWritableAsync(context.RequestAborted).ConfigureAwait(false);
            }
            catch (AriadneException e)
            {
                context.Response.StatusCode = 503;
                await context.Response.WriteAsync("UNAVAILABLE: " + e.Message, context.RequestAborted).ConfigureAwait(false);
                return;
            }

            await context.Response.WriteAsync("OK", context.RequestAborted).ConfigureAwait(false);
        });
        var mlflow = app.MapGroup(MlflowPrefix);
        ExperimentEndpoints.Map(mlflow, options.Store);
        RunEndpoints.Map(mlflow, options.Store, options.Time);
        LoggingEndpoints.Map(mlflow, options.Store);
        MetricEndpoints.Map(mlflow, options.Store);
        ArtifactListEndpoint.Map(mlflow, options.Store);
        RegisteredModelEndpoints.Map(mlflow, options.Store);
        ModelVersionEndpoints.Map(mlflow, options.Store);
        ArtifactProxyEndpoints.Map(app, options.Store, options.Artifacts, options);
        var ariadneApi = app.MapGroup(AriadnePrefix);
        AriadneApi.AriadneEndpoints.Map(ariadneApi, options.Store, options.Time, options.Artifacts);
        AriadneApi.HoldoutEndpoints.Map(ariadneApi, options.Store, options.Time);
        AriadneApi.ModelCardEndpoint.Map(ariadneApi, options.Store, options.Artifacts);
        AriadneApi.StoreHealthEndpoint.Map(ariadneApi, options.Store);
        ContentUploadEndpoints.Map(ariadneApi, options.Artifacts, options);
        WebUi.ExperimentActivityEndpoint.Map(ariadneApi, options.Store);
        WebUi.RunCountEndpoint.Map(ariadneApi, options.Store);
        WebUi.TrackedDataEndpoint.Map(ariadneApi, options.Store);
        WebUi.UiSessionEndpoint.Map(ariadneApi);
        WebUi.SchedulesEndpoint.Map(ariadneApi, options.Store, options.Workspace, options.Time);
        AriadneApi.LineageEndpoint.Map(ariadneApi, options.Store, options.Workspace);
        WebUi.WebUiEndpoints.Map(app);
        app.MapFallback(ApiContext.Endpoint(context => throw new ApiException(404, ApiErrors.EndpointNotFound,
            $"No API endpoint {context.Request.Method} {context.Request.Path}. MLflow's REST API is under {MlflowPrefix}/, Ariadne's under {AriadnePrefix}/.")));

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The server started without an address.");
        return new TrackingServer(app, new Uri(bound.EndsWith('/') ? bound : bound + "/"));
    }

    /// <summary>Waits until the server stops (Ctrl-C, <paramref name="cancellationToken"/>).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    internal static IPAddress ResolveHost(string host)
    {
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.Loopback;
        }

        if (IPAddress.TryParse(host, out var address))
        {
            return address;
        }

        try
        {
            return Dns.GetHostAddresses(host).FirstOrDefault() ?? throw AriadneException.InvalidArgument($"Host '{host}' has no address.");
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw AriadneException.InvalidArgument($"Host '{host}' could not be resolved ({e.Message}). Use an IP address such as 127.0.0.1 or 0.0.0.0.");
        }
    }
}
