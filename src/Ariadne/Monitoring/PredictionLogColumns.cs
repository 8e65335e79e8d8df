using System.Globalization;

namespace Ariadne.Monitoring;

/// <summary>
/// The queued rows of one model version, column by column, in arrays the logger keeps and reuses from flush to flush:
/// numbers, booleans, times and scores as plain values, and every text (request ids, text inputs, labels) as characters
/// in one shared buffer. A request's rows are copied in when it is answered, so nothing the request allocated stays
/// alive until the flush. Keeping the requests themselves (parsed rows, boxed values, prediction records) for a second
/// made the garbage collector promote millions of small objects to older generations and collect those generations
/// several times a second: a busy server lost more than half its throughput to it (docs/benchmarks.md, serving).
/// </summary>
internal sealed class PredictionLogColumns
{
    /// <summary>
    /// Characters of text held before the logger starts a flush early, and the largest character buffer kept after one:
    /// requests with long texts (up to the 1 MiB body limit each) then cost a bounded amount of memory, not the peak
    /// of one burst for the life of the process.
    /// </summary>
    public const int EarlyFlushChars = 8 << 20;

    private readonly NamedColumns<InputColumn> _inputs;
    private readonly TextInterner _labelTexts;
    private readonly NamedColumns<ScoreColumn> _classes = new(name => new ScoreColumn(name));
    private char[] _chars = new char[4096];
    private int _charCount;
    private Request[] _requests = new Request[64];
    private int _requestCount;
    private Text[] _labels = new Text[1024];
    private double[] _values = new double[1024];
    private int _append;

    public PredictionLogColumns()
    {
        _inputs = new(name => new InputColumn(name, this));
        _labelTexts = new TextInterner(this);
    }

    /// <summary>The model version of every row.</summary>
    public int Version { get; private set; }

    /// <summary>Rows held.</summary>
    public int Count { get; private set; }

    /// <summary>The time of the first row held (Unix ms), the file's name.</summary>
    public long FirstTimeMs { get; private set; } = long.MaxValue;

    /// <summary>True when the predictions are values (the first request held came from a regressor).</summary>
    public bool IsRegressor { get; private set; }

    /// <summary>True when every request held gave its scores and values as single-precision numbers (written as 32-bit floats).</summary>
    public bool SinglePrecisionOutputs { get; private set; }

    /// <summary>The input columns that hold a value in this flush, in first-seen order.</summary>
    public IEnumerable<InputColumn> Inputs => _inputs.All.Where(c => c.Used);

    /// <summary>The per-class score columns that hold a value in this flush, in first-seen order.</summary>
    public IEnumerable<ScoreColumn> Classes => _classes.All.Where(c => c.Used);

    /// <summary>Characters of text held (request ids, text inputs, labels).</summary>
    public int TextLength => _charCount;

    /// <summary>The requests held, in order: each holds the rows from its <see cref="Request.FirstRow"/> on.</summary>
    public ReadOnlySpan<Request> Requests => _requests.AsSpan(0, _requestCount);

    public ReadOnlyMemory<double> Values => _values.AsMemory(0, Count);

    /// <summary>The score of every row (<see cref="PredictionLogBatch.Score"/>).</summary>
    public NullableNumbers Scores { get; } = new();

    /// <summary>Empties the columns for rows of <paramref name="version"/>, keeping the arrays.</summary>
    public void Reset(int version)
    {
        Version = version;
        Count = 0;
        _requestCount = 0;
        _charCount = 0;
        _labelTexts.Reset();
        if (_chars.Length > EarlyFlushChars)
        {
            _chars = new char[4096];
        }

        FirstTimeMs = long.MaxValue;
        Scores.Reset();
        foreach (var column in _inputs.All)
        {
            column.Reset();
        }

        foreach (var column in _classes.All)
        {
            column.Reset();
        }
    }

    /// <summary>Copies the rows of one request in.</summary>
    public void Append(PredictionLogBatch batch)
    {
        var at = Count;
        var n = batch.Count;
        if (n == 0)
        {
            return;
        }

        if (at == 0)
        {
            IsRegressor = batch.IsRegressor;
            SinglePrecisionOutputs = batch.SinglePrecisionOutputs;
        }
        else
        {
            SinglePrecisionOutputs &= batch.SinglePrecisionOutputs;
        }

        var stamp = ++_append;
        if (IsRegressor)
        {
            Grow(ref _values, at + n);
        }
        else
        {
            Grow(ref _labels, at + n);
        }

        // What holds for the whole request (its id, its time, how its rows are named) is held once, not per row: the
        // copy is on the request path, and the writer spreads it over the rows.
        Grow(ref _requests, _requestCount + 1);
        _requests[_requestCount++] = new Request(at, n, AddText(batch.RequestId), batch.TimeMs, batch.RowIdIsRequestId);
        var shared = IsRegressor ? null : batch.SharedClasses;
        FirstTimeMs = Math.Min(FirstTimeMs, batch.TimeMs);

        // Then column by column. Outputs stay floats while every request gave floats (a request with doubles widens what is held).
        var singleOutputs = SinglePrecisionOutputs;
        if (singleOutputs)
        {
            batch.CopyScores(Scores.Singles(at, n));
        }
        else
        {
            batch.CopyScores(Scores.Doubles(at, n));
        }

        var regressorBatch = batch.IsRegressor;
        if (IsRegressor)
        {
            var values = _values.AsSpan(at, n);
            for (var r = 0; r < n; r++)
            {
                values[r] = regressorBatch ? batch.Value(r) : ParseOrNaN(batch.Label(r));
            }
        }
        else
        {
            var labels = _labels.AsSpan(at, n);
            if (regressorBatch)
            {
                // A regressor's values among a classifier's labels (an SDK caller's mix): logged as their text.
                Span<char> digits = stackalloc char[32];
                for (var r = 0; r < n; r++)
                {
                    labels[r] = batch.Value(r).TryFormat(digits, out var written, "R", CultureInfo.InvariantCulture) ? AddText(digits[..written]) : default;
                }
            }
            else
            {
                batch.CopyLabels(labels, _labelTexts);
            }

            if (shared is not null)
            {
                for (var k = 0; k < shared.Count; k++)
                {
                    var values = _classes.Of(k, shared[k].Key).Take(at, n, stamp);
                    if (singleOutputs)
                    {
                        batch.CopyClassScores(k, values.Singles(at, n));
                    }
                    else
                    {
                        batch.CopyClassScores(k, values.Doubles(at, n));
                    }
                }
            }
            else
            {
                for (var r = 0; r < n; r++)
                {
                    if (batch.ClassScores(r) is { } perClass)
                    {
                        for (var k = 0; k < perClass.Count; k++)
                        {
                            var (name, value) = perClass[k];
                            _classes.Of(k, name).Set(at + r, value, singleOutputs, stamp, at, n);
                        }
                    }
                }
            }
        }

        for (var f = 0; f < batch.FeatureCount; f++)
        {
            _inputs.Of(f, batch.FeatureName(f)).Append(batch, f, at, n, stamp);
        }

        Count = at + n;

        // Columns this request did not name hold nothing for its rows.
        foreach (var column in _inputs.All)
        {
            if (column.Used && column.Stamp != stamp)
            {
                column.Clear(at, n);
            }
        }

        foreach (var column in _classes.All)
        {
            if (column.Stamp != stamp)
            {
                column.Clear(at, n);
            }
            else
            {
                column.ClearUnset(at + n);
            }
        }
    }

    /// <summary>A classifier's predicted label of every row.</summary>
    public ReadOnlySpan<Text> Labels => _labels.AsSpan(0, Count);

    internal ReadOnlySpan<char> Chars(Text text) => _chars.AsSpan(text.Offset, text.Length);

    /// <summary>A text's characters, valid until the columns are reset.</summary>
    internal ReadOnlyMemory<char> Memory(Text text) => _chars.AsMemory(text.Offset, text.Length);

    /// <summary>Copies a text into the columns' characters; the <see cref="Text"/> says where it is.</summary>
    internal Text AddText(ReadOnlySpan<char> text)
    {
        if (_charCount + text.Length > _chars.Length)
        {
            Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _charCount + text.Length));
        }

        text.CopyTo(_chars.AsSpan(_charCount));
        var added = new Text(_charCount, text.Length);
        _charCount += text.Length;
        return added;
    }

    internal static void Grow<T>(ref T[] array, int size)
    {
        if (array.Length < size)
        {
            Array.Resize(ref array, Math.Max(array.Length * 2, size));
        }
    }

    private static double ParseOrNaN(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : double.NaN;

    /// <summary>A text in the shared character buffer, in 8 bytes (a column of them is written on the request path); the default is a missing value.</summary>
    internal readonly struct Text(int offset, int length)
    {
        /// <summary>The length plus one, so that the default (0) is a missing value.</summary>
        private readonly int _lengthPlusOne = length + 1;

        public int Offset { get; } = offset;

        public int Length => _lengthPlusOne - 1;

        public bool HasValue => _lengthPlusOne != 0;
    }

    /// <summary>
    /// One request's rows: from <paramref name="FirstRow"/>, <paramref name="Rows"/> of them, all with its id and time.
    /// Row i's id is the request id when <paramref name="RowIdIsRequestId"/> (one row), <c>{id}/{i}</c> otherwise.
    /// </summary>
    internal readonly record struct Request(int FirstRow, int Rows, Text Id, long TimeMs, bool RowIdIsRequestId);

    /// <summary>A column that a request names (an input feature, a class).</summary>
    internal interface INamedColumn
    {
        string Name { get; }
    }

    /// <summary>
    /// Columns by name, in first-seen order. A column is looked for by its place in the request's list first (the
    /// same model names its features and classes in the same order for every request and row, usually as the same
    /// strings), by name otherwise: a dictionary lookup per class of every row cost more than the copy itself.
    /// </summary>
    private sealed class NamedColumns<T>(Func<string, T> create)
        where T : class, INamedColumn
    {
        private readonly Dictionary<string, T> _byName = new(StringComparer.Ordinal);
        private T?[] _at = [];

        public List<T> All { get; } = [];

        public T Of(int place, string name)
        {
            if (place < _at.Length && _at[place] is { } known && (ReferenceEquals(known.Name, name) || known.Name == name))
            {
                return known;
            }

            if (!_byName.TryGetValue(name, out var column))
            {
                _byName[name] = column = create(name);
                All.Add(column);
            }

            Grow(ref _at, place + 1);
            _at[place] = column;
            return column;
        }
    }

    /// <summary>
    /// One input feature: numbers, texts or booleans, typed by the first request that has a value for it (a column
    /// whose every value so far is missing is written as numbers). A column whose every request gave single-precision
    /// numbers is held and written as 32-bit floats, one that was given doubles as doubles (<see cref="NullableNumbers"/>).
    /// </summary>
    internal sealed class InputColumn(string name, PredictionLogColumns owner) : INamedColumn
    {
        private readonly TextInterner _interner = new(owner);
        private Text[] _texts = [];
        private bool?[] _flags = [];

        public string Name { get; } = name;

        /// <summary>double, float, string or bool; null while every value held is missing.</summary>
        public Type? Type { get; private set; }

        public bool Used { get; private set; }

        public int Stamp { get; private set; }

        /// <summary>The values of a number column (double or float, or every value missing), as floats while they are.</summary>
        public NullableNumbers Numbers { get; } = new();

        public ReadOnlyMemory<bool?> Flags(int count) => _flags.AsMemory(0, count);

        public ReadOnlySpan<Text> Texts(int count) => _texts.AsSpan(0, count);

        public void Reset()
        {
            Type = null;
            Used = false;
            Numbers.Reset();
            _interner.Reset();
        }

        public void Append(PredictionLogBatch batch, int feature, int at, int n, int stamp)
        {
            Stamp = stamp;
            var known = batch.FeatureType(feature);
            if (!Used || (Type is null && known is not null))
            {
                // The first value of the feature in this flush, or its first typed one: the rows held before have none.
                Type = known ?? Type;
                Used = true;
                Clear(0, at);
            }
            else if (Type == typeof(float) && known == typeof(double))
            {
                // Doubles after floats: the column is written as doubles, which hold the floats before them exactly.
                Type = typeof(double);
            }

            if (Type == typeof(string))
            {
                Grow(ref _texts, at + n);
                batch.CopyTexts(feature, _texts.AsSpan(at, n), _interner);
            }
            else if (Type == typeof(bool))
            {
                Grow(ref _flags, at + n);
                for (var r = 0; r < n; r++)
                {
                    _flags[at + r] = batch.Boolean(feature, r);
                }
            }
            else if (Type == typeof(float) && Numbers.IsSingle)
            {
                batch.CopyNumbers(feature, Numbers.Singles(at, n));
            }
            else
            {
                // Doubles (the floats held before, if any, are widened).
                batch.CopyNumbers(feature, Numbers.Doubles(at, n));
            }
        }

        /// <summary>Marks rows [at, at + n) missing.</summary>
        public void Clear(int at, int n)
        {
            if (n == 0)
            {
                return;
            }

            if (Type == typeof(string))
            {
                Grow(ref _texts, at + n);
                _texts.AsSpan(at, n).Clear();
            }
            else if (Type == typeof(bool))
            {
                Grow(ref _flags, at + n);
                _flags.AsSpan(at, n).Clear();
            }
            else
            {
                Numbers.Clear(at, n);
            }
        }
    }

    /// <summary>One class's probability (or score) per row, the <c>score.{class}</c> column, as floats while every request gave floats.</summary>
    internal sealed class ScoreColumn(string name) : INamedColumn
    {
        public string Name { get; } = name;

        public bool Used { get; private set; }

        public int Stamp { get; private set; }

        public NullableNumbers Values { get; } = new();

        /// <summary>The row after the last one given a score in the current request.</summary>
        private int _next;

        public void Reset()
        {
            Used = false;
            Values.Reset();
        }

        /// <summary>
        /// Sets a row's score (rows of a request come in order); rows of the request [at, at + n) skipped on the way
        /// hold none. <see cref="ClearUnset"/> ends the request.
        /// </summary>
        public void Set(int row, double value, bool single, int stamp, int at, int n)
        {
            if (Stamp != stamp)
            {
                Begin(at, stamp);
                _next = at;
            }

            if (row > _next)
            {
                Values.Clear(_next, row - _next);
            }

            if (single && Values.IsSingle)
            {
                Values.Singles(row, 1)[0] = (float)value;
            }
            else
            {
                Values.Doubles(row, 1)[0] = value;
            }

            _next = row + 1;
        }

        /// <summary>Starts the rows [at, at + n) of the current request, for a score of every one of them (a request with <see cref="PredictionLogBatch.SharedClasses"/>): the caller writes them into <see cref="Values"/>.</summary>
        public NullableNumbers Take(int at, int n, int stamp)
        {
            Begin(at, stamp);
            _next = at + n;
            return Values;
        }

        /// <summary>Marks the current request's rows after the last one given a score, up to <paramref name="end"/>, as holding none.</summary>
        public void ClearUnset(int end)
        {
            if (end > _next)
            {
                Values.Clear(_next, end - _next);
                _next = end;
            }
        }

        public void Clear(int at, int n)
        {
            if (Used)
            {
                Values.Clear(at, n);
            }
        }

        private void Begin(int at, int stamp)
        {
            if (!Used)
            {
                // The first request with this class in the flush: rows before it have no score for it.
                Values.Clear(0, at);
                Used = true;
            }

            Stamp = stamp;
        }
    }
}
