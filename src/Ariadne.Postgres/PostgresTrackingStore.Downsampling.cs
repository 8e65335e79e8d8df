using Ariadne.Tracking;
using Npgsql;

namespace Ariadne.Postgres;

internal sealed partial class PostgresTrackingStore
{
    /// <summary>
    /// The history cut into <c>maxPoints / 4</c> buckets of equal step width (of equal point count when the steps do
    /// not spread that far, e.g. every point at step 0); each bucket keeps its first, last, highest and lowest point
    /// (NaN is never the highest or lowest), the same choice as the SQLite store's. The database ranks the points and
    /// sends only the candidates, at most four per bucket.
    /// </summary>
    public async Task<IReadOnlyList<Metric>> GetMetricHistoryDownsampledAsync(string runId, string key, int maxPoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(key);
        if (maxPoints < 1)
        {
            throw AriadneException.InvalidArgument($"A downsampled history needs at least 1 point; {maxPoints} were asked for.");
        }

        var buckets = Math.Max(1, maxPoints / 4);
        var perBucket = Math.Min(4, maxPoints);
        return await ExecuteAsync<IReadOnlyList<Metric>>(async (connection, ct) =>
        {
            var candidates = new NpgsqlBatchCommand(
                """
                WITH points AS (
                    SELECT step, "timestamp", value, is_nan,
                           row_number() OVER (ORDER BY step, "timestamp", value) - 1 AS idx,
                           count(*) OVER () AS n, min(step) OVER () AS lo, max(step) OVER () AS hi
                    FROM metrics WHERE run_id = @id AND key = @key
                ), bucketed AS (
                    SELECT step, "timestamp", value, is_nan, idx, n,
                           CASE WHEN hi::numeric - lo + 1 >= @buckets
                                THEN floor((step::numeric - lo) * @buckets / (hi::numeric - lo + 1))
                                ELSE floor(idx::numeric * @buckets / n) END AS bucket
                    FROM points
                ), ranked AS (
                    SELECT step, "timestamp", value, is_nan, idx, n, bucket,
                           row_number() OVER (PARTITION BY bucket ORDER BY idx) AS first_rank,
                           row_number() OVER (PARTITION BY bucket ORDER BY idx DESC) AS last_rank,
                           row_number() OVER (PARTITION BY bucket ORDER BY is_nan, value, idx) AS min_rank,
                           row_number() OVER (PARTITION BY bucket ORDER BY is_nan, value DESC, idx) AS max_rank
                    FROM bucketed
                )
                SELECT value, "timestamp", step, n <= @max, bucket::bigint, first_rank = 1, last_rank = 1, max_rank = 1 AND NOT is_nan, min_rank = 1 AND NOT is_nan
                FROM ranked
                WHERE n <= @max OR first_rank = 1 OR last_rank = 1 OR ((min_rank = 1 OR max_rank = 1) AND NOT is_nan)
                ORDER BY idx
                """)
            {
                Parameters =
                {
                    new NpgsqlParameter<long>("buckets", buckets),
                    new NpgsqlParameter<long>("max", maxPoints),
                },
            };
            await using var batch = new NpgsqlBatch(connection) { BatchCommands = { RunExists(runId), WithKey(WithRunId(candidates, runId), key) } };
            await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
            await ReadRunExistsAsync(reader, runId, ct).ConfigureAwait(false);

            var points = new List<Metric>();
            var bucket = new List<(Metric Point, int Priority)>(4);
            long currentBucket = -1;
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                var point = new Metric(key, reader.GetDouble(0), reader.GetInt64(1), reader.GetInt64(2));
                if (reader.GetBoolean(3))
                {
                    points.Add(point); // the whole history fits
                    continue;
                }

                var number = reader.GetInt64(4);
                if (number != currentBucket)
                {
                    Keep(points, bucket, perBucket);
                    currentBucket = number;
                }

                // Priority when fewer than four points fit: first, last, highest, lowest.
                var priority = reader.GetBoolean(5) ? 0 : reader.GetBoolean(6) ? 1 : reader.GetBoolean(7) ? 2 : 3;
                bucket.Add((point, priority));
            }

            Keep(points, bucket, perBucket);
            return points;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds a bucket's candidates (in history order) to <paramref name="points"/>, the <paramref name="limit"/> of highest priority.</summary>
    private static void Keep(List<Metric> points, List<(Metric Point, int Priority)> bucket, int limit)
    {
        if (bucket.Count <= limit)
        {
            points.AddRange(bucket.Select(c => c.Point));
        }
        else
        {
            var chosen = bucket.Select((c, i) => (c.Priority, Index: i)).OrderBy(c => c.Priority).Take(limit).Select(c => c.Index).Order();
            points.AddRange(chosen.Select(i => bucket[i].Point));
        }

        bucket.Clear();
    }
}
