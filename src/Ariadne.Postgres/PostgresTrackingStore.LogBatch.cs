using Ariadne.Tracking;
using Npgsql;
using NpgsqlTypes;

namespace Ariadne.Postgres;

internal sealed partial class PostgresTrackingStore
{
    /// <summary>From this many points on, metrics go in by binary COPY; below, as arrays through unnest in the same round trip as the rest.</summary>
    internal const int CopyThreshold = 2_000;

    /// <summary>The first key of the transaction-scoped advisory lock a batch with metrics takes on its run (the second is the run id's hash).</summary>
    private const int RunLogLockSpace = 0x41726C67;

    public Task LogBatchAsync(string runId, IReadOnlyList<Metric> metrics, IReadOnlyList<Param> parameters, IReadOnlyList<RunTag> tags, CancellationToken cancellationToken)
    {
        var prepared = PrepareBatch(runId, metrics, parameters, tags);
        return InTransactionAsync(async (connection, transaction, ct) =>
        {
            await ApplyBatchAsync(connection, transaction, prepared, ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <summary>A batch validated before any round trip: params and tags deduplicated and sorted, the latest point per key, repeats left out.</summary>
    private sealed record PreparedBatch(string RunId, (string[] Keys, string[] Values) Params, (string[] Keys, string[] Values) Tags, List<Metric> Latest, IReadOnlyList<Metric> Points);

    private static PreparedBatch PrepareBatch(string? runId, IReadOnlyList<Metric> metrics, IReadOnlyList<Param> parameters, IReadOnlyList<RunTag> tags)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(tags);
        return new PreparedBatch(runId ?? "", DistinctParams(parameters), DistinctTags(tags), LatestPerKey(metrics), MetricPoints.WithoutRepeats(metrics));
    }

    /// <summary>Writes a prepared batch inside the caller's transaction.</summary>
    private static async Task ApplyBatchAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, PreparedBatch prepared, CancellationToken ct)
    {
        var (runId, paramList, tagList, batchLatest, batchPoints) = prepared;

        // 0. Points stored already (a retried batch) are left out, and so are their rollups.
        var points = batchLatest.Count > 0 ? await WithoutStoredPointsAsync(connection, transaction, runId, batchPoints, ct).ConfigureAwait(false) : batchPoints;
        var latest = ReferenceEquals(points, batchPoints) ? batchLatest : LatestPerKey(points);
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            // 1. The run's stage, checked once the batch is back (runs are never removed, only marked deleted).
            batch.BatchCommands.Add(WithRunId(new NpgsqlBatchCommand("SELECT lifecycle_stage FROM runs WHERE run_id = @id"), runId));

            // 2. Params: new keys go in; a key already there with another value is reported by 3.
            if (paramList.Keys.Length > 0)
            {
                var insert = new NpgsqlBatchCommand(
                    "INSERT INTO params (run_id, key, value) SELECT @id, k, v FROM unnest(@keys, @values) AS u(k, v) ON CONFLICT (run_id, key) DO NOTHING");
                AddKeysAndValues(WithRunId(insert, runId), paramList);
                batch.BatchCommands.Add(insert);
                var conflicts = new NpgsqlBatchCommand(
                    "SELECT p.key, p.value, u.v FROM params p JOIN unnest(@keys, @values) AS u(k, v) ON p.key = u.k WHERE p.run_id = @id AND p.value <> u.v ORDER BY p.key LIMIT 1");
                AddKeysAndValues(WithRunId(conflicts, runId), paramList);
                batch.BatchCommands.Add(conflicts);
            }

            // 4. Tags: the last value wins.
            if (tagList.Keys.Length > 0)
            {
                var upsert = new NpgsqlBatchCommand(
                    "INSERT INTO tags (run_id, key, value) SELECT @id, k, v FROM unnest(@keys, @values) AS u(k, v) ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value");
                AddKeysAndValues(WithRunId(upsert, runId), tagList);
                batch.BatchCommands.Add(upsert);
            }

            if (latest.Count > 0)
            {
                // 5. Small batches of metrics travel as arrays in this same round trip.
                if (points.Count < CopyThreshold)
                {
                    var insert = new NpgsqlBatchCommand(
                        """
                        INSERT INTO metrics (run_id, key, step, "timestamp", value, is_nan)
                        SELECT @id, k, s, t, v, v = 'NaN'::float8 FROM unnest(@keys, @steps, @times, @values) AS u(k, s, t, v)
                        """);
                    AddMetricArrays(WithRunId(insert, runId), points);
                    batch.BatchCommands.Add(insert);
                }

                // 6. Latest values: highest step, then timestamp, then value (PostgreSQL orders NaN above every number).
                var upsertLatest = new NpgsqlBatchCommand(
                    """
                    INSERT INTO latest_metrics AS l (run_id, key, step, "timestamp", value, is_nan)
                    SELECT @id, k, s, t, v, v = 'NaN'::float8 FROM unnest(@keys, @steps, @times, @values) AS u(k, s, t, v)
                    ON CONFLICT (run_id, key) DO UPDATE SET step = excluded.step, "timestamp" = excluded."timestamp", value = excluded.value, is_nan = excluded.is_nan
                    WHERE (excluded.step, excluded."timestamp", excluded.value) > (l.step, l."timestamp", l.value)
                    """);
                AddMetricArrays(WithRunId(upsertLatest, runId), latest);
                batch.BatchCommands.Add(upsertLatest);

                // 7. The block summaries that downsampled histories read.
                batch.BatchCommands.Add(MetricRollupSql.Upsert(runId, MetricRollup.Summarize(points)));
            }

            (string Key, string Old, string New)? conflict = null;
            try
            {
                await using var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false);
                var stage = await reader.ReadAsync(ct).ConfigureAwait(false) ? reader.GetString(0) : null;
                CheckStage(runId, stage, requireActive: true);
                if (paramList.Keys.Length > 0)
                {
                    // Npgsql's NextResult skips statements that return no rows (the inserts): next is the conflict query.
                    await reader.NextResultAsync(ct).ConfigureAwait(false);
                    if (await reader.ReadAsync(ct).ConfigureAwait(false))
                    {
                        conflict = (reader.GetString(0), reader.GetString(1), reader.GetString(2));
                    }
                }

                while (await reader.NextResultAsync(ct).ConfigureAwait(false))
                {
                }
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
            {
                // Only reachable when the run is missing: its rows refer to it.
                throw AriadneException.RunNotFound(runId);
            }
            catch (PostgresException e) when (PostgresErrors.ValueTooLongToIndex(e, Values(paramList, tagList)) is { } tooLong)
            {
                throw tooLong;
            }

            if (conflict is { } c)
            {
                throw AriadneException.ParamChanged(runId, c.Key, c.Old, c.New);
            }
        }

        if (latest.Count > 0 && points.Count >= CopyThreshold)
        {
            await CopyMetricsAsync(connection, runId, points, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The batch's points less those the run's history holds already, under a lock on the run that lasts until the
    /// transaction ends, so two identical batches at once cannot both insert. Only points at or below a key's highest
    /// stored step (its latest point) can be stored already: the usual batch, beyond it, costs one look at
    /// latest_metrics and is returned as it is; the others are looked up in the history by key and step.
    /// </summary>
    private static async Task<IReadOnlyList<Metric>> WithoutStoredPointsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string runId, IReadOnlyList<Metric> metrics, CancellationToken cancellationToken)
    {
        var lowest = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var metric in metrics)
        {
            lowest[metric.Key] = lowest.TryGetValue(metric.Key, out var step) ? Math.Min(step, metric.Step) : metric.Step;
        }

        var highestStored = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            // Its own statement, so the next one's snapshot sees what a batch that held the lock committed.
            var lockRun = new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(@space, hashtext(@id))");
            lockRun.Parameters.Add(new NpgsqlParameter<int>("space", RunLogLockSpace));
            batch.BatchCommands.Add(WithRunId(lockRun, runId));
            var overlapping = new NpgsqlBatchCommand(
                "SELECT l.key, l.step FROM latest_metrics l JOIN unnest(@keys, @steps) AS u(k, s) ON l.key = u.k WHERE l.run_id = @id AND l.step >= u.s");
            overlapping.Parameters.Add(new NpgsqlParameter<string[]>("keys", [.. lowest.Keys]));
            overlapping.Parameters.Add(new NpgsqlParameter<long[]>("steps", [.. lowest.Values]));
            batch.BatchCommands.Add(WithRunId(overlapping, runId));
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                highestStored[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        if (highestStored.Count == 0)
        {
            return metrics;
        }

        var candidates = new List<int>();
        for (var i = 0; i < metrics.Count; i++)
        {
            if (highestStored.TryGetValue(metrics[i].Key, out var highest) && metrics[i].Step <= highest)
            {
                candidates.Add(i);
            }
        }

        var stored = new HashSet<int>();
        await using (var lookup = new NpgsqlCommand(
            """
            SELECT u.i FROM unnest(@keys, @steps, @times, @values) WITH ORDINALITY AS u(k, s, t, v, i)
            WHERE EXISTS (SELECT 1 FROM metrics m WHERE m.run_id = @id AND m.key = u.k AND m.step = u.s AND m."timestamp" = u.t AND m.value = u.v)
            """,
            connection,
            transaction))
        {
            lookup.Parameters.Add(new NpgsqlParameter<string>("id", runId));
            lookup.Parameters.Add(new NpgsqlParameter<string[]>("keys", [.. candidates.Select(i => metrics[i].Key)]));
            lookup.Parameters.Add(new NpgsqlParameter<long[]>("steps", [.. candidates.Select(i => metrics[i].Step)]));
            lookup.Parameters.Add(new NpgsqlParameter<long[]>("times", [.. candidates.Select(i => metrics[i].Timestamp)]));
            lookup.Parameters.Add(new NpgsqlParameter<double[]>("values", [.. candidates.Select(i => metrics[i].Value)]));
            await using var reader = await lookup.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                stored.Add(candidates[(int)reader.GetInt64(0) - 1]);
            }
        }

        return stored.Count == 0 ? metrics : [.. metrics.Where((_, i) => !stored.Contains(i))];
    }

    private static async Task CopyMetricsAsync(NpgsqlConnection connection, string runId, IReadOnlyList<Metric> metrics, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY metrics (run_id, key, step, \"timestamp\", value, is_nan) FROM STDIN (FORMAT BINARY)",
            cancellationToken).ConfigureAwait(false);
        foreach (var metric in metrics)
        {
            await writer.StartRowAsync(cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(runId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(metric.Key, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(metric.Step, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(metric.Timestamp, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(metric.Value, NpgsqlDbType.Double, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(double.IsNaN(metric.Value), NpgsqlDbType.Boolean, cancellationToken).ConfigureAwait(false);
        }

        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    private static IEnumerable<(string Kind, string Key, string Value)> Values((string[] Keys, string[] Values) parameters, (string[] Keys, string[] Values) tags) =>
        parameters.Keys.Select((k, i) => ("param", k, parameters.Values[i])).Concat(tags.Keys.Select((k, i) => ("tag", k, tags.Values[i])));

    private static void AddKeysAndValues(NpgsqlBatchCommand command, (string[] Keys, string[] Values) pairs)
    {
        command.Parameters.Add(new NpgsqlParameter<string[]>("keys", pairs.Keys));
        command.Parameters.Add(new NpgsqlParameter<string[]>("values", pairs.Values));
    }

    private static void AddMetricArrays(NpgsqlBatchCommand command, IReadOnlyList<Metric> metrics)
    {
        var keys = new string[metrics.Count];
        var steps = new long[metrics.Count];
        var times = new long[metrics.Count];
        var values = new double[metrics.Count];
        for (var i = 0; i < metrics.Count; i++)
        {
            (keys[i], values[i], times[i], steps[i]) = metrics[i];
        }

        command.Parameters.Add(new NpgsqlParameter<string[]>("keys", keys));
        command.Parameters.Add(new NpgsqlParameter<long[]>("steps", steps));
        command.Parameters.Add(new NpgsqlParameter<long[]>("times", times));
        command.Parameters.Add(new NpgsqlParameter<double[]>("values", values));
    }

    /// <summary>
    /// Picks, per key, the point that would be the latest: highest step, then timestamp, then
    /// value, with NaN above every number as PostgreSQL orders it. Sorted by key, so concurrent batches lock
    /// latest_metrics rows in the same order.
    /// </summary>
    private static List<Metric> LatestPerKey(IReadOnlyList<Metric> metrics)
    {
        var best = new Dictionary<string, Metric>(StringComparer.Ordinal);
        foreach (var metric in metrics)
        {
            if (!best.TryGetValue(metric.Key ?? "", out var current))
            {
                best[metric.Key!] = metric;
            }
            else if (IsLater(metric, current))
            {
                best[metric.Key!] = metric;
            }
        }

        var latest = best.Values.ToList();
        latest.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return latest;
    }

    private static bool IsLater(Metric candidate, Metric current)
    {
        if (candidate.Step != current.Step)
        {
            return candidate.Step > current.Step;
        }

        if (candidate.Timestamp != current.Timestamp)
        {
            return candidate.Timestamp > current.Timestamp;
        }

        // PostgreSQL: NaN equals NaN and sorts above every other value.
        return !double.IsNaN(current.Value) && (double.IsNaN(candidate.Value) || candidate.Value > current.Value);
    }

    /// <summary>The params (checked by <see cref="CheckedTrackingStore"/>: a key twice has one value), sorted by key.</summary>
    private static (string[] Keys, string[] Values) DistinctParams(IReadOnlyList<Param> parameters)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in parameters)
        {
            values[key] = value;
        }

        return Sorted(values);
    }

    /// <summary>The tags (checked by <see cref="CheckedTrackingStore"/>); of the same key twice, the last value wins. Sorted by key.</summary>
    private static (string[] Keys, string[] Values) DistinctTags(IReadOnlyList<RunTag> tags)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in tags)
        {
            values[key] = value;
        }

        return Sorted(values);
    }

    private static (string[] Keys, string[] Values) Sorted(Dictionary<string, string> values)
    {
        var keys = values.Keys.ToArray();
        Array.Sort(keys, StringComparer.Ordinal);
        return (keys, [.. keys.Select(k => values[k])]);
    }
}
