namespace Ariadne.Tracking.Search;

/// <summary>
/// A parsed search filter (see <see cref="SearchFilter.Parse"/>): <see cref="MatchAllFilter"/>, a
/// <see cref="FilterComparison"/>, or an <see cref="AndFilter"/> / <see cref="OrFilter"/> of them.
/// <see cref="object.ToString"/> gives canonical filter text that parses back to an equal expression.
/// </summary>
internal abstract record FilterExpression
{
    /// <summary>The kinds of expression are the ones in this namespace.</summary>
    private protected FilterExpression()
    {
    }

    /// <summary>The filter of an empty or blank filter text: every run matches.</summary>
    public static FilterExpression All { get; } = new MatchAllFilter();

    /// <summary>This expression as text, parenthesised when it sits inside an AND.</summary>
    internal virtual string ToOperandText() => ToString();
}
