using Ariadne.Storage.Sqlite;
using Ariadne.Tracking.Http;

namespace Ariadne.Tracking;

/// <summary>
/// Maps tracking URI schemes to store factories, like MLflow's tracking store registry. Built in: <c>sqlite</c>
/// (<c>sqlite:///absolute/path.db</c>, <c>sqlite://relative/path.db</c>, or a plain path ending in <c>.db</c>) and
/// <c>http</c>/<c>https</c> (a tracking server: <c>http://tracking.lab:5000</c>, token from <c>ARIADNE_TRACKING_TOKEN</c>).
/// Plugins such as Ariadne.Postgres register their scheme (<c>postgresql</c>) at start-up. Factories run lazily, when
/// a store is opened, and receive the whole URI.
/// </summary>
public static class TrackingStoreRegistry
{
    private static readonly SchemeRegistry<string, ITrackingStore> Schemes = new(
    [
        new("sqlite", uri => SqliteStore.Open(SqliteStore.PathFromUri(uri))),
        new("http", uri => HttpTrackingStore.Open(uri)),
        new("https", uri => HttpTrackingStore.Open(uri)),
    ]);

    /// <summary>Adds or replaces the factory for <paramref name="scheme"/> (without "://").</summary>
    public static void Register(string scheme, Func<string, ITrackingStore> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scheme);
        ArgumentNullException.ThrowIfNull(factory);
        Schemes.Register(scheme.TrimEnd(':', '/'), factory);
    }

    /// <summary>The schemes registered so far.</summary>
    public static IReadOnlyCollection<string> KnownSchemes => Schemes.KnownSchemes;

    /// <summary>True when a factory is registered for the scheme.</summary>
    public static bool IsKnown(string scheme) => Schemes.IsKnown(scheme);

    /// <summary>The scheme of a tracking URI: the part before "://", or "sqlite" for a plain path ending in .db; null when there is none.</summary>
    public static string? SchemeOf(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var separator = uri.IndexOf("://", StringComparison.Ordinal);
        if (separator > 0)
        {
            return uri[..separator];
        }

        return SqliteStore.IsDatabasePath(uri) ? "sqlite" : null;
    }

    /// <summary>
    /// Opens the store <paramref name="uri"/> names, with the shared rules (<see cref="CheckedTrackingStore"/>) in front
    /// of it, whichever its scheme (a plugin's too); an unknown scheme is an error listing the known ones.
    /// </summary>
    public static ITrackingStore Open(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var trimmed = uri.Trim();
        return Schemes.Find(SchemeOf(trimmed)) is { } factory
            ? CheckedTrackingStore.Wrap(factory(trimmed))
            : throw AriadneException.UnknownStoreScheme(uri, KnownSchemes.Select(s => s + "://"));
    }
}
