
namespace Ariadne.Tracking;

/// <summary>
/// Reduces a metric history, fed in history order (one chunk at a time, never all in memory), to at most
/// <c>maxPoints</c> points that keep its shape: the steps are cut into <c>maxPoints / 4</c> buckets of equal width (or
/// of equal point count when the steps do not spread, e.g. every point at step 0), and each bucket keeps its first,
/// last, lowest and highest point. NaN points are never a bucket's lowest or highest.
/// </summary>
internal sealed class MetricDownsampler
{
    private readonly string _key;
    private readonly int _maxPoints;
    private readonly long _buckets;
    private readonly long _firstStep;
    private readonly Int128 _span;
    private readonly long _total;
    private readonly bool _byStep;
    private readonly List<Metric> _result;
    private readonly Point[] _picked = new Point[4];

    private long _index;
    private long _bucket = -1;
    private long _nextBoundary = long.MinValue;
    private Point _first;
    private Point _last;
    private Point _min;
    private Point _max;
    private bool _hasRange;

    /// <summary>A sampler for <paramref name="total"/> points (more than <paramref name="maxPoints"/>) with steps from <paramref name="firstStep"/> to <paramref name="lastStep"/>.</summary>
    public MetricDownsampler(string key, long firstStep, long lastStep, long total, int maxPoints)
    {
        _key = key;
        _maxPoints = maxPoints;
        _buckets = Math.Max(1, maxPoints / 4);
        _firstStep = firstStep;
        _span = (Int128)lastStep - firstStep + 1;
        _total = total;
        _byStep = _span >= _buckets;
        _result = new List<Metric>(Math.Min(maxPoints, 4_096));
    }

    public void Add(ReadOnlySpan<long> steps, ReadOnlySpan<long> timestamps, ReadOnlySpan<double> values)
    {
        for (var i = 0; i < steps.Length; i++)
        {
            var position = _byStep ? steps[i] : _index;
            if (position >= _nextBoundary)
            {
                StartBucket(position);
            }

            var point = new Point(_index, steps[i], timestamps[i], values[i]);
            if (_first.Index < 0)
            {
                _first = point;
            }

            _last = point;
            var value = values[i];
            if (!double.IsNaN(value))
            {
                if (!_hasRange)
                {
                    _min = point;
                    _max = point;
                    _hasRange = true;
                }
                else if (value < _min.Value)
                {
                    _min = point;
                }
                else if (value > _max.Value)
                {
                    _max = point;
                }
            }

            _index++;
        }
    }

    /// <summary>The kept points, in history order.</summary>
    public List<Metric> Finish()
    {
        Emit();
        return _result;
    }

    private void StartBucket(long position)
    {
        var bucket = _byStep
            ? (long)((((Int128)position - _firstStep) * _buckets) / _span)
            : position * _buckets / _total;
        Int128 boundary = _byStep
            ? _firstStep + (((((Int128)bucket + 1) * _span) + _buckets - 1) / _buckets)
            : ((((Int128)bucket + 1) * _total) + _buckets - 1) / _buckets;
        _nextBoundary = boundary > long.MaxValue ? long.MaxValue : (long)boundary;
        if (bucket == _bucket)
        {
            return;
        }

        Emit();
        _bucket = bucket;
        _first = new Point(-1, 0, 0, 0);
        _hasRange = false;
    }

    /// <summary>Adds the current bucket's points; with fewer than four allowed, first, last, highest and lowest in that priority.</summary>
    private void Emit()
    {
        if (_bucket < 0 || _first.Index < 0)
        {
            return;
        }

        var count = 0;
        var limit = Math.Min(4, _maxPoints);
        count = Pick(_first, count, limit);
        count = Pick(_last, count, limit);
        if (_hasRange)
        {
            count = Pick(_max, count, limit);
            count = Pick(_min, count, limit);
        }

        var picked = _picked.AsSpan(0, count);
        picked.Sort((a, b) => a.Index.CompareTo(b.Index));
        foreach (var point in picked)
        {
            _result.Add(new Metric(_key, point.Value, point.Timestamp, point.Step));
        }
    }

    private int Pick(Point point, int count, int limit)
    {
        if (count >= limit)
        {
            return count;
        }

        for (var i = 0; i < count; i++)
        {
            if (_picked[i].Index == point.Index)
            {
                return count;
            }
        }

        _picked[count] = point;
        return count + 1;
    }

    private readonly record struct Point(long Index, long Step, long Timestamp, double Value);
}
