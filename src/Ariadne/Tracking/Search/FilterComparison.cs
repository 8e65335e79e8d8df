namespace Ariadne.Tracking.Search;

/// <summary>
/// One comparison such as <c>metrics.acc &gt; 0.9</c>. <see cref="Key"/> is unquoted; for attributes and datasets it is
/// the canonical lower-case name (<c>run_name</c>, <c>hash</c>, ...). Status values are upper-case.
/// </summary>
internal sealed record FilterComparison(SearchEntity Entity, string Key, ComparisonOperator Operator, FilterValue Value) : FilterExpression
{
    public override string ToString() =>
        $"{SearchKeys.EntityName(Entity)}.{FilterText.FormatKey(Key)} {FilterText.OperatorText(Operator)} {Value}";
}
