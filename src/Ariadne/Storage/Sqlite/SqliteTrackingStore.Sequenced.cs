using Ariadne.Tracking;

namespace Ariadne.Storage.Sqlite;

internal sealed partial class SqliteTrackingStore
{
    // The check, the batch and the new high-water mark share one BEGIN IMMEDIATE transaction: processes and threads
    // replaying the same batch queue on the write lock, and the second sees the first's sequence.
    public Task<bool> LogBatchOnceAsync(string runId, string clientId, long sequence, IReadOnlyList<Metric> metrics, IReadOnlyList<Param> parameters, IReadOnlyList<RunTag> tags, CancellationToken cancellationToken)
    {
        var batch = PrepareBatch(runId, metrics, parameters, tags);
        return WriteAsync(session =>
        {
            if (session.Scalar("SELECT sequence FROM batch_sequences WHERE run_id = @run AND client_id = @client", ("@run", runId), ("@client", clientId)) is long done
                && sequence <= done)
            {
                return false;
            }

            ApplyBatch(session, batch);
            session.Execute(
                "INSERT INTO batch_sequences (run_id, client_id, sequence) VALUES (@run, @client, @sequence) ON CONFLICT (run_id, client_id) DO UPDATE SET sequence = excluded.sequence",
                ("@run", runId), ("@client", clientId), ("@sequence", sequence));
            return true;
        }, cancellationToken);
    }
}
