namespace Ariadne.Tracking.Search;

/// <summary>The empty filter: every run matches.</summary>
internal sealed record MatchAllFilter : FilterExpression
{
    public override string ToString() => "";
}
