namespace Ariadne.Monitoring;

/// <summary>
/// Copies one text column's values into the prediction log's characters, and gives a value seen a moment ago in the
/// same column (a category, a class label) the place it already has instead of copying it again. A served request's
/// categorical inputs and predicted labels repeat a handful of short values, and each copy on the request path cost a call
/// and another 10 to 20 bytes to write. A column whose values seldom repeat (free text, ids) stops looking until the
/// next flush: after its first 64 misses it looks on only while it found at least as many values as it missed.
/// </summary>
internal sealed class TextInterner(PredictionLogColumns columns)
{
    /// <summary>How many recent distinct values are remembered.</summary>
    private const int Remembered = 8;

    /// <summary>Longer texts are copied without looking (a category or a label is short; comparing long texts costs more than copying them).</summary>
    private const int MaxLength = 64;

    /// <summary>Misses allowed before the hit rate decides whether to keep looking.</summary>
    private const int Trial = 64;

    private readonly PredictionLogColumns.Text[] _recent = new PredictionLogColumns.Text[Remembered];
    private int _known;
    private int _next;
    private int _hits;
    private int _misses;

    /// <summary>Forgets the values: the columns' characters were emptied.</summary>
    public void Reset()
    {
        _known = 0;
        _next = 0;
        _hits = 0;
        _misses = 0;
    }

    /// <summary>The place of <paramref name="text"/> in the columns' characters, copied there unless it was just seen.</summary>
    public PredictionLogColumns.Text Add(ReadOnlySpan<char> text)
    {
        if (text.Length > MaxLength || (_misses >= Trial && _hits < _misses))
        {
            return columns.AddText(text);
        }

        for (var i = 0; i < _known; i++)
        {
            var known = _recent[i];
            if (known.Length == text.Length && columns.Chars(known).SequenceEqual(text))
            {
                _hits++;
                return known;
            }
        }

        _misses++;
        var added = columns.AddText(text);
        _recent[_next] = added;
        _next = (_next + 1) % Remembered;
        _known = Math.Min(_known + 1, Remembered);
        return added;
    }
}
