namespace Ariadne.Tracking.Search;

/// <summary>A number: integer, decimal or scientific, optionally signed.</summary>
internal sealed record NumberValue(double Value) : FilterValue
{
    public override string ToString() => FilterText.FormatNumber(Value);
}
