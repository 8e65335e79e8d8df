using Ariadne.Tracking;
using Ariadne.Tracking.Search;
using Npgsql;
using NpgsqlTypes;

namespace Ariadne.Postgres;

internal sealed partial class PostgresTrackingStore
{
    /// <summary>
    /// The page's run ids come from <see cref="RunSearchSql"/>'s query (MaxResults + 1 rows, to know whether another
    /// page follows); the runs themselves are then loaded set-based in one more round trip, whatever the page size.
    /// </summary>
    public async Task<RunPage> SearchRunsAsync(RunSearch search, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(search);
        var query = RunSearchSql.Build(search, SqlDialect.Postgres);
        return await ExecuteAsync(async (connection, ct) =>
        {
            var ids = new List<string>(Math.Min(search.MaxResults + 1, 1_024));
            await using (var select = new NpgsqlCommand(query.Text, connection))
            {
                foreach (var (name, value) in query.Parameters)
                {
                    select.Parameters.Add(SearchParameter(name, value));
                }

                await using var reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    ids.Add(reader.GetString(0));
                }
            }

            var next = RunSearchSql.NextPageToken(search, ids.Count);
            if (ids.Count > search.MaxResults)
            {
                ids.RemoveRange(search.MaxResults, ids.Count - search.MaxResults);
            }

            var runs = await PostgresRunReader.LoadAsync(connection, null, ids, ct).ConfigureAwait(false);
            return new RunPage(runs, next);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A typed parameter for a search value (strings, longs and doubles are all the writer produces).</summary>
    private static NpgsqlParameter SearchParameter(string name, object? value)
    {
        var bare = name.TrimStart('@', ':', '$');
        return value switch
        {
            string text => new NpgsqlParameter<string>(bare, text),
            long number => new NpgsqlParameter<long>(bare, number),
            int number => new NpgsqlParameter<long>(bare, number),
            double number => new NpgsqlParameter<double>(bare, number),
            null => new NpgsqlParameter(bare, NpgsqlDbType.Text) { Value = DBNull.Value },
            _ => throw new InvalidOperationException($"The search query has a parameter of unexpected type {value.GetType().Name}."),
        };
    }
}
