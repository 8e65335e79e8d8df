using Ariadne.Tracking;
using Ariadne.Tracking.Search;

namespace Ariadne.Storage.Sqlite;

internal sealed partial class SqliteTrackingStore
{
    /// <summary>
    /// One query (from <see cref="RunSearchSql"/>) finds the page's run ids in order; five set-based queries then load
    /// those runs with their latest metrics, params, tags and inputs.
    /// </summary>
    public Task<RunPage> SearchRunsAsync(RunSearch search, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(search);
        SqlQuery query;
        try
        {
            query = RunSearchSql.Build(search, SqlDialect.Sqlite);
        }
        catch (AriadneException e)
        {
            return Task.FromException<RunPage>(e);
        }

        return ReadAsync(session =>
        {
            var ids = new List<string>(Math.Min(search.MaxResults + 1, 1024));
            using (var command = session.Connection.CreateCommand())
            {
                command.Transaction = session.Transaction;
                command.CommandText = query.Text;
                foreach (var (name, value) in query.Parameters)
                {
                    command.Parameters.AddWithValue(name, value ?? DBNull.Value);
                }

                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    ids.Add(reader.GetString(0));
                }
            }

            var pageIds = ids.Count > search.MaxResults ? ids.GetRange(0, search.MaxResults) : ids;
            return new RunPage(LoadRuns(session, pageIds), RunSearchSql.NextPageToken(search, ids.Count));
        }, cancellationToken);
    }
}
