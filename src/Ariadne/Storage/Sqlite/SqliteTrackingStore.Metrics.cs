using System.Buffers;
using System.Globalization;
using Ariadne.Tracking;
using Microsoft.Data.Sqlite;

namespace Ariadne.Storage.Sqlite;

internal sealed partial class SqliteTrackingStore
{
    public Task LogBatchAsync(string runId, IReadOnlyList<Metric> metrics, IReadOnlyList<Param> parameters, IReadOnlyList<RunTag> tags, CancellationToken cancellationToken)
    {
        var batch = PrepareBatch(runId, metrics, parameters, tags);
        return WriteAsync(session => ApplyBatch(session, batch), cancellationToken);
    }

    /// <summary>A batch (checked by <see cref="CheckedTrackingStore"/> before it gets here), params and tags deduplicated, metrics grouped by key.</summary>
    private sealed record PreparedBatch(string RunId, Dictionary<string, string> Params, Dictionary<string, string> Tags, List<MetricSeries> Series);

    private static PreparedBatch PrepareBatch(string runId, IReadOnlyList<Metric> metrics, IReadOnlyList<Param> parameters, IReadOnlyList<RunTag> tags)
    {
        CheckRunIdArgument(runId);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(tags);

        var paramValues = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var param in parameters)
        {
            paramValues[param.Key] = param.Value;
        }

        return new PreparedBatch(runId, paramValues, LastValues(tags), GroupByKey(metrics));
    }

    /// <summary>Writes a prepared batch inside the caller's write transaction.</summary>
    private static void ApplyBatch(SqliteSession session, PreparedBatch batch)
    {
        var runId = batch.RunId;
        RequireActiveRun(session, runId);
        foreach (var (key, value) in batch.Params)
        {
            var existing = session.Scalar("SELECT value FROM params WHERE run_id = @run AND key = @key", ("@run", runId), ("@key", key)) as string;
            if (existing is null)
            {
                session.Execute("INSERT INTO params (run_id, key, value) VALUES (@run, @key, @value)", ("@run", runId), ("@key", key), ("@value", value));
            }
            else if (existing != value)
            {
                throw AriadneException.ParamChanged(runId, key, existing, value);
            }
        }

        WriteTags(session, runId, batch.Tags);
        foreach (var points in batch.Series)
        {
            RemoveStoredPoints(session, runId, points);
            if (points.Count == 0)
            {
                continue;
            }

            AppendHistory(session, runId, points);
            UpdateLatest(session, runId, points);
        }
    }

    public Task<IReadOnlyList<Metric>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken)
    {
        CheckRunIdArgument(runId);
        ArgumentNullException.ThrowIfNull(key);
        return ReadAsync<IReadOnlyList<Metric>>(session => ToMetrics(ReadHistory(session, runId, key)), cancellationToken);
    }

    public Task<IReadOnlyList<Metric>> GetMetricHistoryDownsampledAsync(string runId, string key, int maxPoints, CancellationToken cancellationToken)
    {
        CheckRunIdArgument(runId);
        ArgumentNullException.ThrowIfNull(key);
        if (maxPoints < 1)
        {
            return Task.FromException<IReadOnlyList<Metric>>(AriadneException.InvalidArgument(
                $"A downsampled history needs at least 1 point; {maxPoints.ToString(CultureInfo.InvariantCulture)} were asked for."));
        }

        return ReadAsync(session => Downsample(session, runId, key, maxPoints), cancellationToken);
    }

    /// <summary>
    /// The batch's points per key, each series in history order without repeated points. Keys are checked once per
    /// distinct key.
    /// </summary>
    private static List<MetricSeries> GroupByKey(IReadOnlyList<Metric> metrics)
    {
        var byKey = new Dictionary<string, MetricSeries>(StringComparer.Ordinal);
        var ordered = new List<MetricSeries>();
        MetricSeries? last = null;
        foreach (var metric in metrics)
        {
            if (last is null || (!ReferenceEquals(last.Key, metric.Key) && last.Key != metric.Key))
            {
                if (!byKey.TryGetValue(metric.Key ?? "", out last))
                {
                    last = new MetricSeries(metric.Key!, Math.Min(metrics.Count, 1024));
                    byKey[metric.Key!] = last;
                    ordered.Add(last);
                }
            }

            last.Add(metric.Step, metric.Timestamp, metric.Value);
        }

        foreach (var series in ordered)
        {
            series.Sort();
            series.RemoveRepeats();
        }

        return ordered;
    }

    /// <summary>
    /// Drops the points of a batch's series that the history holds already (a retried batch), so each point is stored
    /// once. The usual batch starts beyond the series' highest stored step (the step of its latest point) and reads no
    /// history; otherwise only the chunks whose step range meets the batch's are read.
    /// </summary>
    private static void RemoveStoredPoints(SqliteSession session, string runId, MetricSeries points)
    {
        var latest = session.Scalar("SELECT step FROM latest_metrics WHERE run_id = @run AND key = @key", ("@run", runId), ("@key", points.Key));
        if (latest is null || points.Steps[0] > Convert.ToInt64(latest, CultureInfo.InvariantCulture))
        {
            return;
        }

        var first = points.Steps[0];
        var last = Math.Min(points.Steps[^1], Convert.ToInt64(latest, CultureInfo.InvariantCulture));
        var stored = new HashSet<(long Step, long Timestamp, long Value)>();
        var buffer = new MetricSeries(points.Key);
        using (var reader = session.Query(
            "SELECT point_count, points FROM metric_chunks WHERE run_id = @run AND key = @key AND last_step >= @first AND first_step <= @last",
            ("@run", runId), ("@key", points.Key), ("@first", first), ("@last", last)))
        {
            while (reader.Read())
            {
                var count = reader.GetInt32(0);
                buffer.Clear();
                buffer.Extend(count, out var s, out var t, out var v);
                DecodeChunk(reader, 1, count, s, t, v);
                for (var i = 0; i < count; i++)
                {
                    if (s[i] >= first && s[i] <= last)
                    {
                        stored.Add((s[i], t[i], MetricPoints.ValueKey(v[i])));
                    }
                }
            }
        }

        if (stored.Count > 0)
        {
            points.RemoveRepeats(stored);
        }
    }

    /// <summary>
    /// Appends a series' points to its history as new chunks; a few points that follow a small last chunk go into
    /// that chunk instead (see <see cref="MetricChunk.SmallAppend"/>).
    /// </summary>
    private static void AppendHistory(SqliteSession session, string runId, MetricSeries points)
    {
        if (points.Count <= MetricChunk.SmallAppend && TryMergeIntoTail(session, runId, points))
        {
            return;
        }

        for (var start = 0; start < points.Count; start += MetricChunk.MaxPoints)
        {
            var take = Math.Min(points.Count - start, MetricChunk.MaxPoints);
            WriteChunk(session, runId, points.Key, points.Steps.Slice(start, take), points.Timestamps.Slice(start, take), points.Values.Slice(start, take), replace: 0);
        }
    }

    private static bool TryMergeIntoTail(SqliteSession session, string runId, MetricSeries points)
    {
        long tailId;
        int tailCount;
        using (var reader = session.Query(
            "SELECT chunk_id, point_count, last_step, last_timestamp FROM metric_chunks WHERE run_id = @run AND key = @key ORDER BY chunk_id DESC LIMIT 1",
            ("@run", runId), ("@key", points.Key)))
        {
            if (!reader.Read() || reader.GetInt32(1) >= MetricChunk.MergeBelow
                || (points.Steps[0], points.Timestamps[0]).CompareTo((reader.GetInt64(2), reader.GetInt64(3))) < 0)
            {
                return false;
            }

            tailId = reader.GetInt64(0);
            tailCount = reader.GetInt32(1);
        }

        var merged = new MetricSeries(points.Key, tailCount + points.Count);
        using (var reader = session.Query("SELECT points FROM metric_chunks WHERE chunk_id = @id", ("@id", tailId)))
        {
            reader.Read();
            merged.Extend(tailCount, out var s, out var t, out var v);
            DecodeChunk(reader, 0, tailCount, s, t, v);
        }

        merged.Extend(points.Count, out var steps, out var timestamps, out var values);
        points.Steps.CopyTo(steps);
        points.Timestamps.CopyTo(timestamps);
        points.Values.CopyTo(values);
        WriteChunk(session, runId, points.Key, merged.Steps, merged.Timestamps, merged.Values, tailId);
        return true;
    }

    private static void WriteChunk(SqliteSession session, string runId, string key, ReadOnlySpan<long> steps, ReadOnlySpan<long> timestamps, ReadOnlySpan<double> values, long replace)
    {
        var blob = MetricChunk.Encode(steps, timestamps, values);
        var range = MetricChunk.Range(values);
        object? min = range?.Min;
        object? max = range?.Max;
        if (replace != 0)
        {
            session.Execute(
                "UPDATE metric_chunks SET last_step = @last, last_timestamp = @lastTime, point_count = @count, min_value = @min, max_value = @max, points = @points WHERE chunk_id = @id",
                ("@last", steps[^1]), ("@lastTime", timestamps[^1]), ("@count", steps.Length), ("@min", min), ("@max", max), ("@points", blob), ("@id", replace));
            return;
        }

        session.Execute(
            """
            INSERT INTO metric_chunks (run_id, key, first_step, first_timestamp, last_step, last_timestamp, point_count, min_value, max_value, points)
            VALUES (@run, @key, @first, @firstTime, @last, @lastTime, @count, @min, @max, @points)
            """,
            ("@run", runId), ("@key", key), ("@first", steps[0]), ("@firstTime", timestamps[0]), ("@last", steps[^1]), ("@lastTime", timestamps[^1]),
            ("@count", steps.Length), ("@min", min), ("@max", max), ("@points", blob));
    }

    /// <summary>
    /// Keeps <c>latest_metrics</c> at the point with the highest step, then timestamp, then value (NaN counting as 0,
    /// as it is stored), comparing the batch's best point with the stored one in the database.
    /// </summary>
    private static void UpdateLatest(SqliteSession session, string runId, MetricSeries points)
    {
        var steps = points.Steps;
        var timestamps = points.Timestamps;
        var values = points.Values;
        var best = 0;
        for (var i = 1; i < points.Count; i++)
        {
            var c = steps[i].CompareTo(steps[best]);
            if (c == 0)
            {
                c = timestamps[i].CompareTo(timestamps[best]);
            }

            if (c == 0)
            {
                c = Stored(values[i]).CompareTo(Stored(values[best]));
            }

            if (c > 0)
            {
                best = i;
            }
        }

        var isNan = double.IsNaN(values[best]);
        session.Execute(
            """
            INSERT INTO latest_metrics (run_id, key, step, timestamp, value, is_nan) VALUES (@run, @key, @step, @timestamp, @value, @nan)
            ON CONFLICT (run_id, key) DO UPDATE SET step = excluded.step, timestamp = excluded.timestamp, value = excluded.value, is_nan = excluded.is_nan
            WHERE (excluded.step, excluded.timestamp, excluded.value) > (latest_metrics.step, latest_metrics.timestamp, latest_metrics.value)
            """,
            ("@run", runId), ("@key", points.Key), ("@step", steps[best]), ("@timestamp", timestamps[best]), ("@value", Stored(values[best])), ("@nan", isNan ? 1 : 0));

        static double Stored(double value) => double.IsNaN(value) ? 0 : value;
    }

    /// <summary>The whole history of one metric in history order; throws RunNotFound for an unknown run.</summary>
    private static MetricSeries ReadHistory(SqliteSession session, string runId, string key)
    {
        RunStage(session, runId);
        var total = Convert.ToInt32(session.Scalar(
            "SELECT COALESCE(SUM(point_count), 0) FROM metric_chunks WHERE run_id = @run AND key = @key", ("@run", runId), ("@key", key)),
            CultureInfo.InvariantCulture);
        var history = new MetricSeries(key, total);
        if (total == 0)
        {
            return history;
        }

        using (var reader = session.Query(
            "SELECT point_count, points FROM metric_chunks WHERE run_id = @run AND key = @key ORDER BY chunk_id", ("@run", runId), ("@key", key)))
        {
            while (reader.Read())
            {
                var count = reader.GetInt32(0);
                history.Extend(count, out var s, out var t, out var v);
                DecodeChunk(reader, 1, count, s, t, v);
            }
        }

        history.Sort();
        return history;
    }

    /// <summary>
    /// Streams the chunks through a <see cref="MetricDownsampler"/> when they follow each other in history order (the
    /// usual case: batches of increasing steps); otherwise sorts the whole history first.
    /// </summary>
    private static IReadOnlyList<Metric> Downsample(SqliteSession session, string runId, string key, int maxPoints)
    {
        RunStage(session, runId);
        var chunks = new List<(long FirstStep, long FirstTimestamp, long LastStep, long LastTimestamp, int Count)>();
        using (var reader = session.Query(
            "SELECT first_step, first_timestamp, last_step, last_timestamp, point_count FROM metric_chunks WHERE run_id = @run AND key = @key ORDER BY chunk_id",
            ("@run", runId), ("@key", key)))
        {
            while (reader.Read())
            {
                chunks.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt32(4)));
            }
        }

        var total = chunks.Sum(c => (long)c.Count);
        var inOrder = true;
        for (var i = 1; i < chunks.Count && inOrder; i++)
        {
            inOrder = (chunks[i].FirstStep, chunks[i].FirstTimestamp).CompareTo((chunks[i - 1].LastStep, chunks[i - 1].LastTimestamp)) >= 0;
        }

        if (total <= maxPoints || !inOrder)
        {
            var history = ReadHistory(session, runId, key);
            if (history.Count <= maxPoints)
            {
                return ToMetrics(history);
            }

            var sampler = new MetricDownsampler(key, history.Steps[0], history.Steps[^1], history.Count, maxPoints);
            sampler.Add(history.Steps, history.Timestamps, history.Values);
            return sampler.Finish();
        }

        var streaming = new MetricDownsampler(key, chunks[0].FirstStep, chunks[^1].LastStep, total, maxPoints);
        var buffer = new MetricSeries(key, chunks.Max(c => c.Count));
        using (var reader = session.Query("SELECT point_count, points FROM metric_chunks WHERE run_id = @run AND key = @key ORDER BY chunk_id", ("@run", runId), ("@key", key)))
        {
            while (reader.Read())
            {
                var count = reader.GetInt32(0);
                buffer.Clear();
                buffer.Extend(count, out var s, out var t, out var v);
                DecodeChunk(reader, 1, count, s, t, v);
                streaming.Add(buffer.Steps, buffer.Timestamps, buffer.Values);
            }
        }

        return streaming.Finish();
    }

    private static Metric[] ToMetrics(MetricSeries history)
    {
        var result = new Metric[history.Count];
        var steps = history.Steps;
        var timestamps = history.Timestamps;
        var values = history.Values;
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = new Metric(history.Key, values[i], timestamps[i], steps[i]);
        }

        return result;
    }

    private static void DecodeChunk(SqliteDataReader reader, int ordinal, int count, Span<long> steps, Span<long> timestamps, Span<double> values)
    {
        var length = (int)reader.GetBytes(ordinal, 0, null, 0, 0);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            reader.GetBytes(ordinal, 0, buffer, 0, length);
            MetricChunk.Decode(buffer.AsSpan(0, length), count, steps, timestamps, values);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
