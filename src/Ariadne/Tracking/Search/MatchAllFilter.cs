namespace Ariadne.Tracking.Search;

/// <summary>The empty filter: every run matches.</summary>
public sealed record MatchAllFilter : FilterExpression
{
    public override string ToString() => "";
}
