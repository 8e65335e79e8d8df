using System.Globalization;
using Ariadne.Tracking;

namespace Ariadne.Storage.Sqlite;

internal sealed partial class SqliteTrackingStore
{
    public Task<IReadOnlyList<ExperimentActivity>> GetExperimentActivityAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<ExperimentActivity>>(session =>
        {
            var activity = new List<ExperimentActivity>();
            using var reader = session.Query(
                "SELECT experiment_id, count(*), max(max(start_time, coalesce(end_time, 0))) FROM runs WHERE " + StoredNames.ActiveCondition("lifecycle_stage") + " GROUP BY experiment_id ORDER BY experiment_id");
            while (reader.Read())
            {
                activity.Add(new ExperimentActivity(reader.GetInt64(0).ToString(CultureInfo.InvariantCulture), reader.GetInt64(1), reader.GetInt64(2)));
            }

            return activity;
        }, cancellationToken);
}
