using Ariadne.Data.Holdout;
using Npgsql;
using NpgsqlTypes;

namespace Ariadne.Postgres;

internal sealed partial class PostgresTrackingStore
{
    private const string HoldoutColumns = "id, part_blake3, part, manifest, run_id, model, metric, time_ms, budget, override_reason";

    public async Task<HoldoutAccess> RecordHoldoutReadAsync(HoldoutRead read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        var r = read.Checked();
        return await InTransactionAsync(async (connection, transaction, ct) =>
        {
            // One lock per sealed part for the rest of the transaction: writers racing for the last read queue here,
            // and each counts what the ones before it recorded. A read recorded already (a retry) is returned as it is.
            await using (var count = new NpgsqlCommand(
                $"SELECT pg_advisory_xact_lock(hashtextextended(@hash, 0)); SELECT {HoldoutColumns} FROM holdout_reads WHERE read_id = @read; SELECT count(*) FROM holdout_reads WHERE part_blake3 = @hash",
                connection,
                transaction))
            {
                count.Parameters.Add(new NpgsqlParameter<string>("hash", r.PartBlake3));
                count.Parameters.Add(new NpgsqlParameter<Guid>("read", r.ReadId));
                await using var reader = await count.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await reader.NextResultAsync(ct).ConfigureAwait(false);
                if (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    return ToAccess(reader);
                }

                await reader.NextResultAsync(ct).ConfigureAwait(false);
                await reader.ReadAsync(ct).ConfigureAwait(false);
                var used = (int)reader.GetInt64(0);
                if (used >= r.Budget && r.OverrideReason is null)
                {
                    throw AriadneException.HoldoutBudgetExceeded(r.Part, used, r.Budget);
                }
            }

            await using var insert = new NpgsqlCommand(
                """
                INSERT INTO holdout_reads (part_blake3, part, manifest, run_id, model, metric, time_ms, budget, override_reason, read_id)
                VALUES (@hash, @part, @manifest, @run, @model, @metric, @time, @budget, @reason, @read) RETURNING id
                """,
                connection,
                transaction)
            {
                Parameters =
                {
                    new NpgsqlParameter<string>("hash", r.PartBlake3),
                    new NpgsqlParameter<string>("part", r.Part),
                    new NpgsqlParameter<string>("manifest", r.Manifest),
                    new NpgsqlParameter("run", NpgsqlDbType.Text) { Value = (object?)r.RunId ?? DBNull.Value },
                    new NpgsqlParameter<string>("model", r.Model),
                    new NpgsqlParameter<string>("metric", r.Metric),
                    new NpgsqlParameter<long>("time", r.Time.ToUnixTimeMilliseconds()),
                    new NpgsqlParameter<int>("budget", r.Budget),
                    new NpgsqlParameter("reason", NpgsqlDbType.Text) { Value = (object?)r.OverrideReason ?? DBNull.Value },
                    new NpgsqlParameter<Guid>("read", r.ReadId),
                },
            };
            var id = (long)(await insert.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
            return new HoldoutAccess(id, r.PartBlake3, r.Part, r.Manifest, r.RunId, r.Model, r.Metric, DateTimeOffset.FromUnixTimeMilliseconds(r.Time.ToUnixTimeMilliseconds()), r.Budget, r.OverrideReason);
        }, cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<HoldoutAccess>> ListHoldoutReadsAsync(string? partBlake3, CancellationToken cancellationToken) =>
        ExecuteAsync<IReadOnlyList<HoldoutAccess>>(async (connection, ct) =>
        {
            await using var query = new NpgsqlCommand(
                $"SELECT {HoldoutColumns} FROM holdout_reads {(partBlake3 is null ? "" : "WHERE part_blake3 = @hash ")}ORDER BY id", connection);
            if (partBlake3 is not null)
            {
                query.Parameters.Add(new NpgsqlParameter<string>("hash", partBlake3));
            }

            await using var reader = await query.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var reads = new List<HoldoutAccess>();
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                reads.Add(ToAccess(reader));
            }

            return reads;
        }, cancellationToken);

    private static HoldoutAccess ToAccess(NpgsqlDataReader reader) =>
        new(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.GetString(5), reader.GetString(6), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)), reader.GetInt32(8), reader.IsDBNull(9) ? null : reader.GetString(9));
}
