using Ariadne.Tracking;

namespace Ariadne.Server.Client;

/// <summary>
/// The SDK's side of a tracking server. Call <see cref="Register"/> once at start-up and tracking URIs like
/// <c>http://tracking.lab:5000</c> or <c>https://...</c> open a store that logs to that server. The token comes from
/// <c>ARIADNE_TRACKING_TOKEN</c> (or MLflow's <c>MLFLOW_TRACKING_TOKEN</c>); the spool folder from
/// <c>ARIADNE_SPOOL_DIR</c> (default <c>~/.cache/ariadne/spool</c>).
/// </summary>
public static class TrackingServerClient
{
    public static IReadOnlyList<string> Schemes { get; } = ["http", "https"];

    public static void Register()
    {
        foreach (var scheme in Schemes)
        {
            TrackingStoreRegistry.Register(scheme, uri => Open(uri));
        }
    }

    /// <summary>Opens a store for the server at <paramref name="uri"/>; nothing connects until the first call.</summary>
    public static ITrackingStore Open(string uri, string? token = null, string? spoolRoot = null)
    {
        if (!Uri.TryCreate(uri.TrimEnd('/') + "/", UriKind.Absolute, out var server) || server.Scheme is not ("http" or "https"))
        {
            throw AriadneException.InvalidArgument($"Tracking URI '{uri}' is not an http(s) URL such as http://127.0.0.1:5000.");
        }

        token ??= Environment.GetEnvironmentVariable("ARIADNE_TRACKING_TOKEN") is { Length: > 0 } own ? own : Environment.GetEnvironmentVariable("MLFLOW_TRACKING_TOKEN");
        return new HttpTrackingStore(server, token, spoolRoot ?? RunSpool.DefaultRoot());
    }

    /// <summary>Uploads what the spool holds for the server behind <paramref name="store"/>; for stores of other kinds there is nothing to do.</summary>
    public static Task<SyncResult> SyncAsync(ITrackingStore store, CancellationToken cancellationToken = default) =>
        store is HttpTrackingStore http ? http.SyncAsync(cancellationToken) : Task.FromResult(new SyncResult());
}
