namespace Ariadne.Server.Mlflow;

/// <summary>
/// SQL LIKE matching in memory without a regular expression: <c>%</c> any run of characters, <c>_</c> one character,
/// a backslash makes the next character literal. Greedy with one resume point (the last <c>%</c>), so the time is at
/// most the text's length times the pattern's, never exponential, whatever the pattern.
/// </summary>
internal sealed class LikeMatcher
{
    private const byte Literal = 0;
    private const byte AnyOne = 1;
    private const byte AnyRun = 2;

    private readonly char[] _chars;
    private readonly byte[] _kinds;
    private readonly bool _ignoreCase;

    private LikeMatcher(char[] chars, byte[] kinds, bool ignoreCase)
    {
        _chars = chars;
        _kinds = kinds;
        _ignoreCase = ignoreCase;
    }

    /// <summary>Reads <paramref name="pattern"/> once; <see cref="IsMatch"/> then runs per experiment.</summary>
    public static LikeMatcher Create(string pattern, bool ignoreCase)
    {
        var chars = new List<char>(pattern.Length);
        var kinds = new List<byte>(pattern.Length);
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            var kind = c switch
            {
                '%' => AnyRun,
                '_' => AnyOne,
                _ => Literal,
            };
            if (c == '\\' && i + 1 < pattern.Length)
            {
                c = pattern[++i];
                kind = Literal;
            }

            // A run of % is one %.
            if (kind == AnyRun && kinds.Count > 0 && kinds[^1] == AnyRun)
            {
                continue;
            }

            chars.Add(ignoreCase ? char.ToUpperInvariant(c) : c);
            kinds.Add(kind);
        }

        return new LikeMatcher([.. chars], [.. kinds], ignoreCase);
    }

    public bool IsMatch(string text)
    {
        var p = 0;
        var t = 0;
        var resumePattern = -1;
        var resumeText = 0;
        while (t < text.Length)
        {
            if (p < _kinds.Length && _kinds[p] == AnyRun)
            {
                resumePattern = ++p;
                resumeText = t;
            }
            else if (p < _kinds.Length && (_kinds[p] == AnyOne || _chars[p] == (_ignoreCase ? char.ToUpperInvariant(text[t]) : text[t])))
            {
                p++;
                t++;
            }
            else if (resumePattern >= 0)
            {
                p = resumePattern;
                t = ++resumeText;
            }
            else
            {
                return false;
            }
        }

        while (p < _kinds.Length && _kinds[p] == AnyRun)
        {
            p++;
        }

        return p == _kinds.Length;
    }
}
