using System.Globalization;
using Ariadne.Tracking;

namespace Ariadne.Storage.Sqlite;

internal sealed partial class SqliteTrackingStore
{
    public Task<IReadOnlyList<ContentRecord>> FindContentAsync(IReadOnlyList<string> hashes, ContentDirection direction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        var parameters = hashes.Select((h, i) => ($"@h{i.ToString(CultureInfo.InvariantCulture)}", (object?)h)).ToArray();
        var list = string.Join(", ", parameters.Select(p => p.Item1));

        // Both lookups go through an index on the hash column (run_inputs_dataset_hash, run_artifacts_hash).
        var sql = direction == ContentDirection.Read
            ? $"SELECT dataset_hash, run_id, pointer_path, role FROM run_inputs WHERE dataset_hash IN ({list}) ORDER BY dataset_hash, run_id, pointer_path, role"
            : $"SELECT hash, run_id, path, NULL FROM run_artifacts WHERE hash IN ({list}) ORDER BY hash, run_id, path";
        return ReadAsync<IReadOnlyList<ContentRecord>>(session =>
        {
            var records = new List<ContentRecord>();
            using var reader = session.Query(sql, parameters);
            while (reader.Read())
            {
                records.Add(new ContentRecord(reader.GetString(0), reader.GetString(1), direction, NullableString(reader, 2), NullableString(reader, 3)));
            }

            return records;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<ContentRecord>> TraceContentAsync(IReadOnlyList<string> hashes, ContentDirection direction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        if (hashes.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<ContentRecord>>([]);
        }

        var parameters = hashes.Select((h, i) => ($"@h{i.ToString(CultureInfo.InvariantCulture)}", (object?)h)).ToArray();
        var seeds = string.Join(", ", parameters.Select(p => $"({p.Item1})"));
        var sql = $"WITH RECURSIVE {ContentTraceSql.Closure(direction, $"VALUES {seeds}")} {ContentTraceSql.Records(direction)}";
        return ReadAsync<IReadOnlyList<ContentRecord>>(session =>
        {
            var records = new List<ContentRecord>();
            using var reader = session.Query(sql, parameters);
            while (reader.Read())
            {
                var written = reader.GetInt64(0) == 1;
                records.Add(new ContentRecord(reader.GetString(1), reader.GetString(2), written ? ContentDirection.Written : ContentDirection.Read,
                    NullableString(reader, 3), NullableString(reader, 4), reader.IsDBNull(5) ? null : reader.GetInt64(5)));
            }

            return records;
        }, cancellationToken);
    }
}
