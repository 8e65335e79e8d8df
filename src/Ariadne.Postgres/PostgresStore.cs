using Ariadne.Tracking;

namespace Ariadne.Postgres;

/// <summary>
/// The PostgreSQL tracking store plugin. Call <see cref="Register"/> once at start-up and tracking URIs like
/// <c>postgresql://user:password@host:5432/database</c> (or <c>postgres://</c>; options such as <c>?sslmode=require</c>
/// may follow) open through <see cref="TrackingStoreRegistry"/>. The store creates its tables on first use in a
/// database the user owns, implements <see cref="ITrackingStore"/>, <see cref="IDatasetRegistry"/> and
/// <see cref="IMetricDownsampling"/>, and is safe to share between threads and processes.
/// </summary>
public static class PostgresStore
{
    /// <summary>The URI schemes this plugin serves.</summary>
    public static IReadOnlyList<string> Schemes { get; } = ["postgresql", "postgres"];

    /// <summary>Registers <c>postgresql://</c> and <c>postgres://</c> with the <see cref="TrackingStoreRegistry"/>. Safe to call more than once.</summary>
    public static void Register()
    {
        foreach (var scheme in Schemes)
        {
            TrackingStoreRegistry.Register(scheme, uri => Open(uri));
        }
    }

    /// <summary>
    /// Opens the store at <paramref name="connectionUri"/>. Nothing connects yet: the first call connects, and creates
    /// or upgrades the schema. A malformed URI is an InvalidArgument error; connection and login failures surface as
    /// StoreFailure errors from the first call, naming the server without the password.
    /// </summary>
    public static ITrackingStore Open(string connectionUri) => Open(connectionUri, null);

    /// <inheritdoc cref="Open(string)"/>
    /// <param name="connectionUri">The <c>postgresql://</c> URI.</param>
    /// <param name="time">The clock for creation times (tests pass a fake one).</param>
    public static ITrackingStore Open(string connectionUri, TimeProvider? time) =>
        CheckedTrackingStore.Wrap(new PostgresTrackingStore(PostgresConnectionUri.Parse(connectionUri), time));
}
