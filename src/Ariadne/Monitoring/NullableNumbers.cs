namespace Ariadne.Monitoring;

/// <summary>
/// One nullable number column of the prediction log's columns (an input, the score, a class's score), held as 32-bit
/// floats while every value given was single precision (ML.NET's inputs and outputs), and as doubles from the first
/// double-precision value on (the floats held before it are widened, exactly). The copy on the request path then
/// writes 8 bytes a value instead of 16, and the Parquet writer takes the floats as they are, without a conversion.
/// Rows are kept in arrays reused from flush to flush.
/// </summary>
internal sealed class NullableNumbers
{
    private float?[] _singles = [];
    private double?[] _doubles = [];

    /// <summary>True while the rows are held as floats.</summary>
    public bool IsSingle { get; private set; } = true;

    /// <summary>Starts again as floats, keeping the arrays.</summary>
    public void Reset() => IsSingle = true;

    /// <summary>Rows [at, at + n) as floats, to be written (only while <see cref="IsSingle"/>).</summary>
    public Span<float?> Singles(int at, int n)
    {
        if (!IsSingle)
        {
            throw new InvalidOperationException("The rows are held as doubles; ask for Doubles.");
        }

        PredictionLogColumns.Grow(ref _singles, at + n);
        return _singles.AsSpan(at, n);
    }

    /// <summary>Rows [at, at + n) as doubles, to be written; rows [0, at) held as floats are widened first.</summary>
    public Span<double?> Doubles(int at, int n)
    {
        Widen(at);
        PredictionLogColumns.Grow(ref _doubles, at + n);
        return _doubles.AsSpan(at, n);
    }

    /// <summary>Marks rows [at, at + n) missing.</summary>
    public void Clear(int at, int n)
    {
        if (IsSingle)
        {
            Singles(at, n).Clear();
        }
        else
        {
            Doubles(at, n).Clear();
        }
    }

    /// <summary>The first <paramref name="count"/> rows as floats (only while <see cref="IsSingle"/>).</summary>
    public ReadOnlyMemory<float?> HeldSingles(int count) =>
        IsSingle ? _singles.AsMemory(0, count) : throw new InvalidOperationException("The rows are held as doubles.");

    /// <summary>The first <paramref name="count"/> rows as doubles (widened if they were floats).</summary>
    public ReadOnlyMemory<double?> HeldDoubles(int count)
    {
        Widen(count);
        return _doubles.AsMemory(0, count);
    }

    private void Widen(int count)
    {
        if (!IsSingle)
        {
            return;
        }

        PredictionLogColumns.Grow(ref _doubles, count);
        PredictionLogColumns.Grow(ref _singles, count);
        for (var row = 0; row < count; row++)
        {
            _doubles[row] = _singles[row];
        }

        IsSingle = false;
    }
}
