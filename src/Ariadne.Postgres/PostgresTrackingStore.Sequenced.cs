using Ariadne.Tracking;
using Npgsql;

namespace Ariadne.Postgres;

internal sealed partial class PostgresTrackingStore
{
    // The claim is an upsert on (run, client) that only raises the sequence, in the batch's own transaction: a second
    // server (or connection) posting the same batch waits on the row's key until the first commits, then finds the
    // sequence taken and skips; when the first rolls back, the second applies the batch. No process memory involved.
    public Task<bool> LogBatchOnceAsync(string runId, string clientId, long sequence, IReadOnlyList<Metric> metrics, IReadOnlyList<Param> parameters, IReadOnlyList<RunTag> tags, CancellationToken cancellationToken)
    {
        var prepared = PrepareBatch(runId, metrics, parameters, tags);
        return InTransactionAsync(async (connection, transaction, ct) =>
        {
            await using (var claim = new NpgsqlCommand(
                """
                INSERT INTO batch_sequences AS b (run_id, client_id, sequence) VALUES (@run, @client, @sequence)
                ON CONFLICT (run_id, client_id) DO UPDATE SET sequence = excluded.sequence WHERE b.sequence < excluded.sequence
                RETURNING 1
                """,
                connection,
                transaction))
            {
                claim.Parameters.Add(new NpgsqlParameter<string>("run", prepared.RunId));
                claim.Parameters.Add(new NpgsqlParameter<string>("client", clientId));
                claim.Parameters.Add(new NpgsqlParameter<long>("sequence", sequence));
                if (await claim.ExecuteScalarAsync(ct).ConfigureAwait(false) is null)
                {
                    return false;
                }
            }

            await ApplyBatchAsync(connection, transaction, prepared, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }
}
