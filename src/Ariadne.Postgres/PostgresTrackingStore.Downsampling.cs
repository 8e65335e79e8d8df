using Ariadne.Tracking;
using Npgsql;

namespace Ariadne.Postgres;

internal sealed partial class PostgresTrackingStore
{
    /// <summary>Points streamed from the database per call of the downsampler when no rollup level fits.</summary>
    private const int StreamChunk = 8_192;

    /// <summary>
    /// The history cut into <c>maxPoints / 4</c> buckets of about equal step width; each bucket keeps its first, last,
    /// highest and lowest point (NaN is never the highest or lowest), the shape the SQLite store keeps. The buckets are
    /// made of whole blocks of <see cref="MetricRollup"/>, at the coarsest level with blocks at most a quarter of a
    /// bucket wide, so a history of a million points reads a few thousand summaries. When the steps are too close for
    /// any level (fewer than 256 steps per bucket), the points are streamed through the same sampler as SQLite's.
    /// </summary>
    public async Task<IReadOnlyList<Metric>> GetMetricHistoryDownsampledAsync(string runId, string key, int maxPoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runId);
        ArgumentNullException.ThrowIfNull(key);
        if (maxPoints < 1)
        {
            throw AriadneException.InvalidArgument($"A downsampled history needs at least 1 point; {maxPoints} were asked for.");
        }

        return await ExecuteAsync<IReadOnlyList<Metric>>(async (connection, ct) =>
        {
            // The whole series' summary: at the top level a series has at most two blocks (negative and other steps).
            MetricRollup? whole = null;
            await using (var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    RunExists(runId),
                    WithKey(WithRunId(new NpgsqlBatchCommand(
                        $"SELECT {MetricRollupSql.Columns} FROM metric_rollups WHERE run_id = @id AND key = @key AND level = {MetricRollup.TopLevel}"), runId), key),
                },
            })
            {
                await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await ReadRunExistsAsync(reader, runId, ct).ConfigureAwait(false);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    var part = MetricRollupSql.Read(reader, 0);
                    whole = whole is { } w ? w.Merge(part) : part;
                }
            }

            if (whole is not { } series)
            {
                return [];
            }

            if (series.Count <= maxPoints)
            {
                return await ReadHistoryAsync(connection, runId, key, ct).ConfigureAwait(false);
            }

            var buckets = Math.Max(1, maxPoints / 4);
            var first = series.First.Step;
            var span = (Int128)series.Last.Step - first + 1;
            var level = MetricRollup.Levels.LastOrDefault(l => ((Int128)1 << l) * 4 * buckets <= span);
            return level == 0
                ? await StreamDownsampledAsync(connection, runId, key, new MetricDownsampler(key, first, series.Last.Step, series.Count, maxPoints), ct).ConfigureAwait(false)
                : await FromRollupsAsync(connection, runId, key, level, first, span, buckets, Math.Min(4, maxPoints), ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<Metric>> FromRollupsAsync(
        NpgsqlConnection connection, string runId, string key, int level, long first, Int128 span, int buckets, int perBucket, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT block, {MetricRollupSql.Columns} FROM metric_rollups WHERE run_id = @id AND key = @key AND level = @level ORDER BY block",
            connection);
        command.Parameters.Add(new NpgsqlParameter<string>("id", runId));
        command.Parameters.Add(new NpgsqlParameter<string>("key", key));
        command.Parameters.Add(new NpgsqlParameter<short>("level", (short)level));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);

        var points = new List<Metric>(buckets * perBucket);
        MetricRollup? bucket = null;
        long current = -1;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var start = Int128.Max((Int128)reader.GetInt64(0) << level, first);
            var number = (long)((start - first) * buckets / span);
            var rollup = MetricRollupSql.Read(reader, 1);
            if (number != current && bucket is { } done)
            {
                Keep(points, done, key, perBucket);
                bucket = null;
            }

            current = number;
            bucket = bucket is { } open ? open.Merge(rollup) : rollup;
        }

        if (bucket is { } last)
        {
            Keep(points, last, key, perBucket);
        }

        return points;
    }

    /// <summary>Adds a bucket's first, last, highest and lowest point (in that priority when fewer fit), in history order.</summary>
    private static void Keep(List<Metric> points, MetricRollup bucket, string key, int limit)
    {
        Span<RollupPoint> picked = stackalloc RollupPoint[4];
        var count = 0;
        foreach (var candidate in (ReadOnlySpan<RollupPoint?>)[bucket.First, bucket.Last, bucket.Max, bucket.Min])
        {
            if (count < limit && candidate is { } point && !picked[..count].Contains(point))
            {
                picked[count++] = point;
            }
        }

        picked = picked[..count];
        picked.Sort(RollupPoint.HistoryOrder);
        foreach (var point in picked)
        {
            points.Add(point.ToMetric(key));
        }
    }

    private static async Task<IReadOnlyList<Metric>> StreamDownsampledAsync(
        NpgsqlConnection connection, string runId, string key, MetricDownsampler sampler, CancellationToken cancellationToken)
    {
        await using var command = HistoryQuery(connection, runId, key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var steps = new long[StreamChunk];
        var timestamps = new long[StreamChunk];
        var values = new double[StreamChunk];
        var count = 0;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            values[count] = reader.GetDouble(0);
            timestamps[count] = reader.GetInt64(1);
            steps[count] = reader.GetInt64(2);
            if (++count == StreamChunk)
            {
                sampler.Add(steps, timestamps, values);
                count = 0;
            }
        }

        sampler.Add(steps.AsSpan(0, count), timestamps.AsSpan(0, count), values.AsSpan(0, count));
        return sampler.Finish();
    }

    private static async Task<IReadOnlyList<Metric>> ReadHistoryAsync(NpgsqlConnection connection, string runId, string key, CancellationToken cancellationToken)
    {
        await using var command = HistoryQuery(connection, runId, key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var history = new List<Metric>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            history.Add(new Metric(key, reader.GetDouble(0), reader.GetInt64(1), reader.GetInt64(2)));
        }

        return history;
    }

    /// <summary>A series' points in history order: value, timestamp, step.</summary>
    private const string HistorySql =
        "SELECT value, \"timestamp\", step FROM metrics WHERE run_id = @id AND key = @key ORDER BY step, \"timestamp\", value";

    private static NpgsqlCommand HistoryQuery(NpgsqlConnection connection, string runId, string key)
    {
        var command = new NpgsqlCommand(HistorySql, connection);
        command.Parameters.Add(new NpgsqlParameter<string>("id", runId));
        command.Parameters.Add(new NpgsqlParameter<string>("key", key));
        return command;
    }
}
