namespace Ariadne.Tracking.Search;

/// <summary>A quoted string, unescaped: <c>'it''s'</c> and <c>'it\'s'</c> are both <c>it's</c>.</summary>
internal sealed record StringValue(string Value) : FilterValue
{
    public override string ToString() => FilterText.QuoteString(Value);
}
