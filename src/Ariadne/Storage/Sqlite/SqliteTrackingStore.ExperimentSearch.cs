using System.Globalization;
using Ariadne.Tracking;
using Ariadne.Tracking.Search;

namespace Ariadne.Storage.Sqlite;

internal sealed partial class SqliteTrackingStore
{
    /// <summary>
    /// One query (from <see cref="ExperimentSearchSql"/>) finds the page's experiment ids in order, in the same
    /// snapshot as the second, which loads those experiments with their tags.
    /// </summary>
    public Task<ExperimentPage> SearchExperimentsAsync(ExperimentSearch search, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(search);
        SqlQuery query;
        try
        {
            query = ExperimentSearchSql.Build(search, SqlDialect.Sqlite);
        }
        catch (AriadneException e)
        {
            return Task.FromException<ExperimentPage>(e);
        }

        return ReadAsync(session =>
        {
            var ids = new List<long>();
            using (var reader = session.Query(query.Text, [.. query.Parameters.Select(p => (p.Key, p.Value))]))
            {
                while (reader.Read())
                {
                    ids.Add(reader.GetInt64(0));
                }
            }

            var next = ExperimentSearchSql.NextPageToken(search, ids.Count);
            if (ids.Count > search.MaxResults)
            {
                ids.RemoveRange(search.MaxResults, ids.Count - search.MaxResults);
            }

            if (ids.Count == 0)
            {
                return new ExperimentPage([], next);
            }

            // The ids are integers read from the table, so they are written into the text as they are.
            var byId = ReadExperiments(session, $"WHERE experiment_id IN ({string.Join(", ", ids.Select(id => id.ToString(CultureInfo.InvariantCulture)))})")
                .ToDictionary(e => e.ExperimentId, StringComparer.Ordinal);
            return new ExperimentPage([.. ids.Select(id => byId[Text(id)])], next);
        }, cancellationToken);
    }
}
