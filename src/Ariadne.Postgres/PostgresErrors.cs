using System.Net.Sockets;
using Npgsql;

namespace Ariadne.Postgres;

/// <summary>
/// Turns what Npgsql and the server report into <see cref="AriadneException"/>s that say what to do. Messages name the
/// store by its URI without the password, and any text that might echo the password is scrubbed.
/// </summary>
internal static class PostgresErrors
{
    /// <summary>Failures worth retrying the whole transaction for: deadlocks and serialization failures.</summary>
    public static bool IsTransient(Exception e) =>
        e is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure };

    /// <summary>Whether <paramref name="e"/> comes from the database or the connection to it (not from Ariadne's own checks).</summary>
    public static bool IsDatabaseError(Exception e) =>
        e is NpgsqlException or TimeoutException or SocketException
        || (e is InvalidOperationException && e.Source == "Npgsql");

    /// <summary>
    /// A param or tag value too long for its (key, value) index: B-tree entries hold about 2,700 bytes after
    /// compression, so a long value that does not compress is refused. Null for any other failure.
    /// </summary>
    public static AriadneException? ValueTooLongToIndex(PostgresException e, IEnumerable<(string Kind, string Key, string Value)> values)
    {
        if (e.SqlState != PostgresErrorCodes.ProgramLimitExceeded || e.MessageText.IndexOf("index row", StringComparison.Ordinal) < 0)
        {
            return null;
        }

        var kind = e.MessageText.Contains("params_", StringComparison.Ordinal) ? "param" : "tag";
        var longest = values.Where(v => v.Kind == kind).OrderByDescending(v => v.Value.Length).FirstOrDefault();
        var which = longest.Key is null ? $"A {kind} value" : $"The value of {kind} '{longest.Key}' ({longest.Value.Length} characters)";
        return AriadneException.InvalidArgument(
            $"{which} is too long for PostgreSQL to index: a {kind} value must fit in about 2,700 bytes once compressed, and this one does not compress that far. Log long values as an artifact instead.");
    }

    public static AriadneException ToAriadne(Exception e, PostgresConnectionUri uri)
    {
        var problem = e switch
        {
            PostgresException { SqlState: PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification } pg =>
                $"the server refused the login ({pg.MessageText}); check the user name and password in the tracking URI or in ~/.pgpass",
            PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName } pg =>
                $"{pg.MessageText}; create it first (createdb) or fix the database name in the tracking URI",
            PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege } pg =>
                $"{pg.MessageText}; the user needs to own the database (or have CREATE and USAGE on schema public) so Ariadne can create its tables",
            PostgresException { SqlState: PostgresErrorCodes.TooManyConnections } pg =>
                $"{pg.MessageText}; lower 'Maximum Pool Size' in the tracking URI (?Maximum%20Pool%20Size=20) or raise max_connections on the server",
            PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CannotConnectNow } pg =>
                $"{pg.MessageText}; the server is shutting down or starting, try again in a moment",
            PostgresException pg => $"{pg.SqlState}: {pg.MessageText}",
            _ when Find<SocketException>(e) is { } socket => socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused; check that PostgreSQL is running and listening on that host and port",
                SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "the host name could not be resolved; check the host in the tracking URI",
                SocketError.TimedOut => "the connection timed out; check the host, port and firewall",
                _ => $"could not connect ({socket.Message}); check that PostgreSQL is running and reachable",
            },
            _ when Find<TimeoutException>(e) is not null => "the operation timed out; check that the server is reachable and not overloaded",
            NpgsqlException npgsql => npgsql.Message,
            _ => e.Message,
        };

        return AriadneException.StoreFailure(uri.Display, uri.Scrub(problem.TrimEnd('.')), e);
    }

    private static T? Find<T>(Exception e)
        where T : Exception
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (current is T found)
            {
                return found;
            }
        }

        return null;
    }
}
