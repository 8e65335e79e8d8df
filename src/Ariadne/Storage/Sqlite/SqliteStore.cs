using Ariadne.Tracking;

namespace Ariadne.Storage.Sqlite;

/// <summary>
/// The embedded tracking store: one SQLite file (by default the workspace's <c>.ariadne/ariadne.db</c>) that several
/// processes may write at once. Open it directly or through <see cref="TrackingStoreRegistry"/> with a
/// <c>sqlite://</c> URI. The store implements <see cref="ITrackingStore"/>, <see cref="IDatasetRegistry"/> and
/// <see cref="IMetricDownsampling"/>.
/// </summary>
internal static class SqliteStore
{
    private const string Prefix = "sqlite://";

    /// <summary>Opens (creating when needed, and migrating to the current schema) the store in <paramref name="path"/>.</summary>
    public static ITrackingStore Open(string path, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return CheckedTrackingStore.Wrap(SqliteTrackingStore.Open(Path.GetFullPath(path), time ?? TimeProvider.System));
    }

    /// <summary>
    /// The file a <c>sqlite</c> URI names: <c>sqlite:///abs/x.db</c> (and SQLAlchemy's <c>sqlite:////abs/x.db</c>) is
    /// absolute, <c>sqlite://x.db</c> is relative to the current folder, and a plain path is itself.
    /// </summary>
    public static string PathFromUri(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var text = uri.Trim();
        if (!text.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return IsDatabasePath(text)
                ? Path.GetFullPath(text)
                : throw AriadneException.InvalidArgument($"'{uri}' is not a SQLite tracking URI. Use sqlite:///absolute/path.db, sqlite://relative/path.db or a path ending in .db.");
        }

        var rest = text[Prefix.Length..];
        var query = rest.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            rest = rest[..query];
        }

        rest = Uri.UnescapeDataString(rest);
        if (rest.Length == 0 || rest == "/")
        {
            throw AriadneException.InvalidArgument($"The SQLite tracking URI '{uri}' names no file. Use sqlite:///absolute/path.db or sqlite://relative/path.db.");
        }

        return rest.StartsWith('/') ? Path.GetFullPath("/" + rest.TrimStart('/')) : Path.GetFullPath(rest);
    }

    /// <summary>Whether a plain path (no scheme) names a SQLite database by its extension.</summary>
    public static bool IsDatabasePath(string path) =>
        !path.Contains("://", StringComparison.Ordinal)
        && (path.EndsWith(".db", StringComparison.OrdinalIgnoreCase)
            || path.EndsWith(".sqlite", StringComparison.OrdinalIgnoreCase)
            || path.EndsWith(".sqlite3", StringComparison.OrdinalIgnoreCase));
}
