using Ariadne.Tracking;
using Npgsql;

namespace Ariadne.Postgres;

internal sealed partial class PostgresTrackingStore
{
    public async Task<IReadOnlyList<ContentRecord>> FindContentAsync(IReadOnlyList<string> hashes, ContentDirection direction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hashes);

        // Both lookups go through an index on the hash column (run_inputs_dataset_hash, run_artifacts_hash).
        var sql = direction == ContentDirection.Read
            ? """SELECT dataset_hash, run_id, pointer_path, role FROM run_inputs WHERE dataset_hash = ANY(@hashes) ORDER BY dataset_hash COLLATE "C", run_id COLLATE "C", pointer_path COLLATE "C", role COLLATE "C" """
            : """SELECT hash, run_id, path, NULL::text FROM run_artifacts WHERE hash = ANY(@hashes) ORDER BY hash COLLATE "C", run_id COLLATE "C", path COLLATE "C" """;
        return await ExecuteAsync<IReadOnlyList<ContentRecord>>(async (connection, ct) =>
        {
            await using var select = new NpgsqlCommand(sql, connection);
            select.Parameters.Add(new NpgsqlParameter<string[]>("hashes", [.. hashes]));
            await using var reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var records = new List<ContentRecord>();
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                records.Add(new ContentRecord(reader.GetString(0), reader.GetString(1), direction,
                    reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
            }

            return records;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ContentRecord>> TraceContentAsync(IReadOnlyList<string> hashes, ContentDirection direction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hashes);

        // One round trip: the recursive query shared with SQLite, its seeds an array parameter. The text columns sort as
        // bytes (COLLATE "C"), as on SQLite.
        var sql = $"""
            WITH RECURSIVE {ContentTraceSql.Closure(direction, "SELECT unnest(@hashes::text[])")}
            SELECT d, hash, run_id, path, role, size FROM ({ContentTraceSql.Records(direction).Replace("ORDER BY 1, 2, 3, 4, 5", "", StringComparison.Ordinal)}) t
            ORDER BY d, hash COLLATE "C", run_id COLLATE "C", path COLLATE "C", role COLLATE "C"
            """;
        return await ExecuteAsync<IReadOnlyList<ContentRecord>>(async (connection, ct) =>
        {
            await using var select = new NpgsqlCommand(sql, connection);
            select.Parameters.Add(new NpgsqlParameter<string[]>("hashes", [.. hashes]));
            await using var reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var records = new List<ContentRecord>();
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                var written = reader.GetInt32(0) == 1;
                records.Add(new ContentRecord(reader.GetString(1), reader.GetString(2), written ? ContentDirection.Written : ContentDirection.Read,
                    reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetInt64(5)));
            }

            return records;
        }, cancellationToken).ConfigureAwait(false);
    }
}
