using Ariadne.Tracking;

namespace Ariadne.Postgres;

/// <summary>
/// What a chart needs of a block of one metric series: how many points, and its first, last, lowest and highest point
/// (NaN is never the lowest or highest). The store keeps one per block of steps (<c>step &gt;&gt; level</c>) at every
/// level of <see cref="Levels"/> in <c>metric_rollups</c>, updated with every write, so a downsampled history of a
/// million points reads a few thousand summaries instead of every point.
/// </summary>
internal readonly record struct MetricRollup(long Count, RollupPoint First, RollupPoint Last, RollupPoint? Min, RollupPoint? Max)
{
    /// <summary>Block sizes as powers of two: 2^6 steps up to 2^63 (at most two blocks: the whole series).</summary>
    public static readonly int[] Levels = [6, 9, 12, 15, 18, 21, 24, 27, 30, 33, 36, 39, 42, 45, 48, 51, 54, 57, 60, 63];

    public const int TopLevel = 63;

    public static MetricRollup Of(RollupPoint point) =>
        new(1, point, point, double.IsNaN(point.Value) ? null : point, double.IsNaN(point.Value) ? null : point);

    /// <summary>The summary of both blocks' points together.</summary>
    public MetricRollup Merge(MetricRollup other) => new(
        Count + other.Count,
        RollupPoint.HistoryOrder(other.First, First) < 0 ? other.First : First,
        RollupPoint.HistoryOrder(other.Last, Last) > 0 ? other.Last : Last,
        Lower(Min, other.Min),
        Higher(Max, other.Max));

    /// <summary>Summaries of a batch's points per key, level and block, sorted by key, level and block.</summary>
    public static List<(string Key, int Level, long Block, MetricRollup Rollup)> Summarize(IReadOnlyList<Metric> metrics)
    {
        // The finest level point by point: consecutive points of a series usually share a block.
        var finest = new Dictionary<(string Key, long Block), MetricRollup>();
        var current = new Dictionary<string, (long Block, MetricRollup Rollup)>(StringComparer.Ordinal);
        foreach (var metric in metrics)
        {
            var point = new RollupPoint(metric.Step, metric.Timestamp, metric.Value);
            var block = metric.Step >> Levels[0];
            if (current.TryGetValue(metric.Key, out var open))
            {
                if (open.Block == block)
                {
                    current[metric.Key] = (block, open.Rollup.Merge(Of(point)));
                    continue;
                }

                Add(finest, (metric.Key, open.Block), open.Rollup);
            }

            current[metric.Key] = (block, Of(point));
        }

        foreach (var (key, open) in current)
        {
            Add(finest, (key, open.Block), open.Rollup);
        }

        var rows = new List<(string Key, int Level, long Block, MetricRollup Rollup)>(finest.Count * 2);
        rows.AddRange(finest.Select(f => (f.Key.Key, Levels[0], f.Key.Block, f.Value)));
        var below = finest;
        for (var i = 1; i < Levels.Length; i++)
        {
            var shift = Levels[i] - Levels[i - 1];
            var level = new Dictionary<(string Key, long Block), MetricRollup>();
            foreach (var ((key, block), rollup) in below)
            {
                Add(level, (key, block >> shift), rollup);
            }

            rows.AddRange(level.Select(l => (l.Key.Key, Levels[i], l.Key.Block, l.Value)));
            below = level;
        }

        rows.Sort((a, b) =>
        {
            var byKey = string.CompareOrdinal(a.Key, b.Key);
            return byKey != 0 ? byKey : a.Level != b.Level ? a.Level.CompareTo(b.Level) : a.Block.CompareTo(b.Block);
        });
        return rows;
    }

    private static void Add(Dictionary<(string Key, long Block), MetricRollup> rollups, (string Key, long Block) at, MetricRollup rollup) =>
        rollups[at] = rollups.TryGetValue(at, out var existing) ? existing.Merge(rollup) : rollup;

    /// <summary>The lower value; of equal values the earlier point.</summary>
    private static RollupPoint? Lower(RollupPoint? a, RollupPoint? b) =>
        a is not { } x ? b : b is not { } y ? a : y.Value < x.Value || (y.Value == x.Value && RollupPoint.HistoryOrder(y, x) < 0) ? y : x;

    /// <summary>The higher value; of equal values the earlier point.</summary>
    private static RollupPoint? Higher(RollupPoint? a, RollupPoint? b) =>
        a is not { } x ? b : b is not { } y ? a : y.Value > x.Value || (y.Value == x.Value && RollupPoint.HistoryOrder(y, x) < 0) ? y : x;
}

/// <summary>One metric point as a rollup keeps it.</summary>
internal readonly record struct RollupPoint(long Step, long Timestamp, double Value)
{
    /// <summary>The order of a metric history in this store: step, then timestamp, then value with NaN above every number, as PostgreSQL orders it.</summary>
    public static int HistoryOrder(RollupPoint a, RollupPoint b)
    {
        if (a.Step != b.Step)
        {
            return a.Step.CompareTo(b.Step);
        }

        if (a.Timestamp != b.Timestamp)
        {
            return a.Timestamp.CompareTo(b.Timestamp);
        }

        return double.IsNaN(a.Value) ? (double.IsNaN(b.Value) ? 0 : 1) : double.IsNaN(b.Value) ? -1 : a.Value.CompareTo(b.Value);
    }

    public Metric ToMetric(string key) => new(key, Value, Timestamp, Step);
}
