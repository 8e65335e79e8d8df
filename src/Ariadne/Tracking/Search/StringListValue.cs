namespace Ariadne.Tracking.Search;

/// <summary>The parenthesised list of quoted strings after IN or NOT IN (never empty).</summary>
internal sealed record StringListValue(IReadOnlyList<string> Values) : FilterValue
{
    public bool Equals(StringListValue? other) => other is not null && Values.SequenceEqual(other.Values, StringComparer.Ordinal);

    public override int GetHashCode() => Values.Aggregate(23, (hash, value) => HashCode.Combine(hash, StringComparer.Ordinal.GetHashCode(value)));

    public override string ToString() => $"({string.Join(", ", Values.Select(FilterText.QuoteString))})";
}
