using Ariadne.Tracking;

namespace Ariadne.Storage.Sqlite;

/// <summary>Points of one metric, column-wise (steps, timestamps, values), as they are packed into chunks.</summary>
internal sealed class MetricSeries(string key, int capacity = 16)
{
    private long[] _steps = new long[Math.Max(capacity, 1)];
    private long[] _timestamps = new long[Math.Max(capacity, 1)];
    private double[] _values = new double[Math.Max(capacity, 1)];

    public string Key { get; } = key;

    public int Count { get; private set; }

    public ReadOnlySpan<long> Steps => _steps.AsSpan(0, Count);

    public ReadOnlySpan<long> Timestamps => _timestamps.AsSpan(0, Count);

    public ReadOnlySpan<double> Values => _values.AsSpan(0, Count);

    public void Add(long step, long timestamp, double value)
    {
        if (Count == _steps.Length)
        {
            Grow(Count + 1);
        }

        _steps[Count] = step;
        _timestamps[Count] = timestamp;
        _values[Count] = value;
        Count++;
    }

    /// <summary>Room for <paramref name="count"/> more points, returned as spans to fill (a chunk decodes straight into them).</summary>
    public void Extend(int count, out Span<long> steps, out Span<long> timestamps, out Span<double> values)
    {
        if (Count + count > _steps.Length)
        {
            Grow(Count + count);
        }

        var start = Count;
        Count += count;
        steps = _steps.AsSpan(start, count);
        timestamps = _timestamps.AsSpan(start, count);
        values = _values.AsSpan(start, count);
    }

    public void Clear() => Count = 0;

    /// <summary>Whether the points are in history order: by step, then timestamp.</summary>
    public bool IsSorted()
    {
        for (var i = 1; i < Count; i++)
        {
            if (_steps[i] < _steps[i - 1] || (_steps[i] == _steps[i - 1] && _timestamps[i] < _timestamps[i - 1]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Puts the points in history order (by step, then timestamp; points equal in both keep their order).</summary>
    public void Sort()
    {
        if (IsSorted())
        {
            return;
        }

        var order = new int[Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var steps = _steps;
        var timestamps = _timestamps;
        Array.Sort(order, (a, b) =>
        {
            var c = steps[a].CompareTo(steps[b]);
            if (c == 0)
            {
                c = timestamps[a].CompareTo(timestamps[b]);
            }

            return c != 0 ? c : a.CompareTo(b);
        });

        var sortedSteps = new long[_steps.Length];
        var sortedTimestamps = new long[_steps.Length];
        var sortedValues = new double[_steps.Length];
        for (var i = 0; i < order.Length; i++)
        {
            sortedSteps[i] = _steps[order[i]];
            sortedTimestamps[i] = _timestamps[order[i]];
            sortedValues[i] = _values[order[i]];
        }

        _steps = sortedSteps;
        _timestamps = sortedTimestamps;
        _values = sortedValues;
    }

    /// <summary>
    /// Drops, from points in history order, every point that repeats an earlier one (same step, timestamp and value,
    /// see <see cref="MetricPoints"/>) or that <paramref name="stored"/> holds (step, timestamp,
    /// <see cref="MetricPoints.ValueKey"/>). Points keep their order.
    /// </summary>
    public void RemoveRepeats(HashSet<(long Step, long Timestamp, long Value)>? stored = null)
    {
        var kept = 0;
        for (var i = 0; i < Count; i++)
        {
            var step = _steps[i];
            var timestamp = _timestamps[i];
            var value = _values[i];
            var repeat = stored is not null && stored.Contains((step, timestamp, MetricPoints.ValueKey(value)));
            for (var j = kept - 1; !repeat && j >= 0 && _steps[j] == step && _timestamps[j] == timestamp; j--)
            {
                repeat = MetricPoints.SameValue(_values[j], value);
            }

            if (repeat)
            {
                continue;
            }

            _steps[kept] = step;
            _timestamps[kept] = timestamp;
            _values[kept] = value;
            kept++;
        }

        Count = kept;
    }

    private void Grow(int needed)
    {
        var size = Math.Max(needed, _steps.Length * 2);
        Array.Resize(ref _steps, size);
        Array.Resize(ref _timestamps, size);
        Array.Resize(ref _values, size);
    }
}
