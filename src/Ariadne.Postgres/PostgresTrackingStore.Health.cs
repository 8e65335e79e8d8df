using Npgsql;

namespace Ariadne.Postgres;

internal sealed partial class PostgresTrackingStore
{
    // A committed write: a database in recovery or read-only mode, a full disk or a lost connection fails here.
    public Task CheckWritableAsync(CancellationToken cancellationToken) =>
        ExecuteAsync(async (connection, ct) =>
        {
            await using var upsert = new NpgsqlCommand(
                "INSERT INTO store_health (id, checked_at) VALUES (1, @now) ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at",
                connection);
            upsert.Parameters.Add(new NpgsqlParameter<long>("now", Now()));
            return await upsert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }, cancellationToken);
}
