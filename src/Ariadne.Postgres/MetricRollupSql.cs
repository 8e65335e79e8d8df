using Npgsql;

namespace Ariadne.Postgres;

/// <summary>The SQL that writes and reads <c>metric_rollups</c> (see <see cref="MetricRollup"/>).</summary>
internal static class MetricRollupSql
{
    public const string Columns =
        "n, first_step, first_ts, first_value, last_step, last_ts, last_value, min_step, min_ts, min_value, max_step, max_ts, max_value";

    /// <summary>
    /// Merges a batch's summaries into the stored ones in one statement. Rows arrive sorted by key, level and block,
    /// so concurrent batches of one run lock them in the same order.
    /// </summary>
    public static NpgsqlBatchCommand Upsert(string runId, List<(string Key, int Level, long Block, MetricRollup Rollup)> rows)
    {
        var command = new NpgsqlBatchCommand(
            $"""
            INSERT INTO metric_rollups AS r (run_id, key, level, block, {Columns})
            SELECT @id, u.* FROM unnest(@keys, @levels, @blocks, @n, @fs, @ft, @fv, @ls, @lt, @lv, @mins, @mint, @minv, @maxs, @maxt, @maxv) AS u
            ON CONFLICT (run_id, key, level, block) DO UPDATE SET
                n = r.n + excluded.n,
                (first_step, first_ts, first_value) = (
                    CASE WHEN (excluded.first_step, excluded.first_ts, excluded.first_value) < (r.first_step, r.first_ts, r.first_value) THEN excluded.first_step ELSE r.first_step END,
                    CASE WHEN (excluded.first_step, excluded.first_ts, excluded.first_value) < (r.first_step, r.first_ts, r.first_value) THEN excluded.first_ts ELSE r.first_ts END,
                    CASE WHEN (excluded.first_step, excluded.first_ts, excluded.first_value) < (r.first_step, r.first_ts, r.first_value) THEN excluded.first_value ELSE r.first_value END),
                (last_step, last_ts, last_value) = (
                    CASE WHEN (excluded.last_step, excluded.last_ts, excluded.last_value) > (r.last_step, r.last_ts, r.last_value) THEN excluded.last_step ELSE r.last_step END,
                    CASE WHEN (excluded.last_step, excluded.last_ts, excluded.last_value) > (r.last_step, r.last_ts, r.last_value) THEN excluded.last_ts ELSE r.last_ts END,
                    CASE WHEN (excluded.last_step, excluded.last_ts, excluded.last_value) > (r.last_step, r.last_ts, r.last_value) THEN excluded.last_value ELSE r.last_value END),
                (min_step, min_ts, min_value) = (
                    CASE WHEN {NewMin} THEN excluded.min_step ELSE r.min_step END,
                    CASE WHEN {NewMin} THEN excluded.min_ts ELSE r.min_ts END,
                    CASE WHEN {NewMin} THEN excluded.min_value ELSE r.min_value END),
                (max_step, max_ts, max_value) = (
                    CASE WHEN {NewMax} THEN excluded.max_step ELSE r.max_step END,
                    CASE WHEN {NewMax} THEN excluded.max_ts ELSE r.max_ts END,
                    CASE WHEN {NewMax} THEN excluded.max_value ELSE r.max_value END)
            """);
        var n = rows.Count;
        var keys = new string[n];
        var levels = new short[n];
        var blocks = new long[n];
        var counts = new long[n];
        var firstSteps = new long[n];
        var firstTimes = new long[n];
        var firstValues = new double[n];
        var lastSteps = new long[n];
        var lastTimes = new long[n];
        var lastValues = new double[n];
        var minSteps = new long?[n];
        var minTimes = new long?[n];
        var minValues = new double?[n];
        var maxSteps = new long?[n];
        var maxTimes = new long?[n];
        var maxValues = new double?[n];
        for (var i = 0; i < n; i++)
        {
            var (key, level, block, rollup) = rows[i];
            keys[i] = key;
            levels[i] = (short)level;
            blocks[i] = block;
            counts[i] = rollup.Count;
            (firstSteps[i], firstTimes[i], firstValues[i]) = rollup.First;
            (lastSteps[i], lastTimes[i], lastValues[i]) = rollup.Last;
            (minSteps[i], minTimes[i], minValues[i]) = (rollup.Min?.Step, rollup.Min?.Timestamp, rollup.Min?.Value);
            (maxSteps[i], maxTimes[i], maxValues[i]) = (rollup.Max?.Step, rollup.Max?.Timestamp, rollup.Max?.Value);
        }

        command.Parameters.Add(new NpgsqlParameter<string>("id", runId));
        command.Parameters.Add(new NpgsqlParameter<string[]>("keys", keys));
        command.Parameters.Add(new NpgsqlParameter<short[]>("levels", levels));
        command.Parameters.Add(new NpgsqlParameter<long[]>("blocks", blocks));
        command.Parameters.Add(new NpgsqlParameter<long[]>("n", counts));
        command.Parameters.Add(new NpgsqlParameter<long[]>("fs", firstSteps));
        command.Parameters.Add(new NpgsqlParameter<long[]>("ft", firstTimes));
        command.Parameters.Add(new NpgsqlParameter<double[]>("fv", firstValues));
        command.Parameters.Add(new NpgsqlParameter<long[]>("ls", lastSteps));
        command.Parameters.Add(new NpgsqlParameter<long[]>("lt", lastTimes));
        command.Parameters.Add(new NpgsqlParameter<double[]>("lv", lastValues));
        command.Parameters.Add(new NpgsqlParameter<long?[]>("mins", minSteps));
        command.Parameters.Add(new NpgsqlParameter<long?[]>("mint", minTimes));
        command.Parameters.Add(new NpgsqlParameter<double?[]>("minv", minValues));
        command.Parameters.Add(new NpgsqlParameter<long?[]>("maxs", maxSteps));
        command.Parameters.Add(new NpgsqlParameter<long?[]>("maxt", maxTimes));
        command.Parameters.Add(new NpgsqlParameter<double?[]>("maxv", maxValues));
        return command;
    }

    /// <summary>Reads a row's <see cref="Columns"/> starting at column <paramref name="at"/>.</summary>
    public static MetricRollup Read(NpgsqlDataReader reader, int at)
    {
        var first = new RollupPoint(reader.GetInt64(at + 1), reader.GetInt64(at + 2), reader.GetDouble(at + 3));
        var last = new RollupPoint(reader.GetInt64(at + 4), reader.GetInt64(at + 5), reader.GetDouble(at + 6));
        RollupPoint? min = reader.IsDBNull(at + 9) ? null : new RollupPoint(reader.GetInt64(at + 7), reader.GetInt64(at + 8), reader.GetDouble(at + 9));
        RollupPoint? max = reader.IsDBNull(at + 12) ? null : new RollupPoint(reader.GetInt64(at + 10), reader.GetInt64(at + 11), reader.GetDouble(at + 12));
        return new MetricRollup(reader.GetInt64(at), first, last, min, max);
    }

    /// <summary>The incoming lowest point replaces the stored one: lower, or as low and earlier.</summary>
    private const string NewMin =
        "(r.min_value IS NULL OR (excluded.min_value IS NOT NULL AND (excluded.min_value, excluded.min_step, excluded.min_ts) < (r.min_value, r.min_step, r.min_ts)))";

    /// <summary>The incoming highest point replaces the stored one: higher, or as high and earlier.</summary>
    private const string NewMax =
        "(r.max_value IS NULL OR (excluded.max_value IS NOT NULL AND (excluded.max_value > r.max_value OR (excluded.max_value = r.max_value AND (excluded.max_step, excluded.max_ts) < (r.max_step, r.max_ts)))))";
}
