namespace Ariadne.Pipelines;

/// <summary>"Did you mean" for misspelt names: the closest known name by edit distance, when it is close enough.</summary>
internal static class Suggestions
{
    public static string? Closest(string wanted, IEnumerable<string> known)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var distance = Distance(wanted, candidate);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best is not null && bestDistance <= Math.Max(2, wanted.Length / 3) ? best : null;
    }

    /// <summary>Up to <paramref name="count"/> known names close to <paramref name="wanted"/>, closest first.</summary>
    public static IReadOnlyList<string> CloseOnes(string wanted, IEnumerable<string> known, int count = 5) =>
        [.. known.Select(k => (Name: k, Distance: Distance(wanted, k)))
            .Where(k => k.Distance <= Math.Max(2, wanted.Length / 3))
            .OrderBy(k => k.Distance).ThenBy(k => k.Name, StringComparer.Ordinal)
            .Take(count).Select(k => k.Name)];

    public static string DidYouMean(string wanted, IEnumerable<string> known, string otherwise) =>
        Closest(wanted, known) is { } close ? $"Did you mean '{close}'?" : otherwise;

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
