using System.Globalization;
using Ariadne.Tracking;
using Npgsql;

namespace Ariadne.Postgres;

internal sealed partial class PostgresTrackingStore
{
    public async Task<IReadOnlyList<ExperimentActivity>> GetExperimentActivityAsync(CancellationToken cancellationToken) =>
        await ExecuteAsync<IReadOnlyList<ExperimentActivity>>(async (connection, ct) =>
        {
            await using var command = new NpgsqlCommand(
                "SELECT experiment_id, count(*), max(greatest(start_time, coalesce(end_time, 0))) FROM runs WHERE " + StoredNames.ActiveCondition("lifecycle_stage") + " GROUP BY experiment_id ORDER BY experiment_id",
                connection);
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            var activity = new List<ExperimentActivity>();
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                activity.Add(new ExperimentActivity(reader.GetInt64(0).ToString(CultureInfo.InvariantCulture), reader.GetInt64(1), reader.GetInt64(2)));
            }

            return activity;
        }, cancellationToken).ConfigureAwait(false);
}
