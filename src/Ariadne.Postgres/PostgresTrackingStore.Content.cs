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
}
