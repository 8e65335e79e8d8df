using Ariadne.Tracking;
using Ariadne.Tracking.Search;
using Npgsql;

namespace Ariadne.Postgres;

internal sealed partial class PostgresTrackingStore
{
    /// <summary>
    /// The page's experiment ids come from <see cref="ExperimentSearchSql"/>'s query (MaxResults + 1 rows, to know
    /// whether another page follows); the experiments and their tags are then loaded by id in one more round trip.
    /// </summary>
    public async Task<ExperimentPage> SearchExperimentsAsync(ExperimentSearch search, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(search);
        var query = ExperimentSearchSql.Build(search, SqlDialect.Postgres);
        var ids = await ExecuteAsync(async (connection, ct) =>
        {
            var found = new List<long>();
            await using var select = new NpgsqlCommand(query.Text, connection);
            foreach (var (name, value) in query.Parameters)
            {
                select.Parameters.Add(SearchParameter(name, value));
            }

            await using var reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                found.Add(reader.GetInt64(0));
            }

            return found;
        }, cancellationToken).ConfigureAwait(false);

        var next = ExperimentSearchSql.NextPageToken(search, ids.Count);
        if (ids.Count > search.MaxResults)
        {
            ids.RemoveRange(search.MaxResults, ids.Count - search.MaxResults);
        }

        if (ids.Count == 0)
        {
            return new ExperimentPage([], next);
        }

        var byId = (await ReadExperimentsAsync("e.experiment_id = ANY(@ids)", new NpgsqlParameter<long[]>("ids", [.. ids]), cancellationToken).ConfigureAwait(false))
            .ToDictionary(e => e.ExperimentId, StringComparer.Ordinal);

        // An experiment removed between the two queries is left out of the page.
        return new ExperimentPage([.. ids.Select(StoredValues.ExperimentId).Where(byId.ContainsKey).Select(id => byId[id])], next);
    }
}
