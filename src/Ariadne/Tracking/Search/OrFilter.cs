namespace Ariadne.Tracking.Search;

/// <summary>Runs matching at least one operand (two or more). AND binds tighter than OR.</summary>
internal sealed record OrFilter(IReadOnlyList<FilterExpression> Operands) : FilterExpression
{
    public bool Equals(OrFilter? other) => other is not null && Operands.SequenceEqual(other.Operands);

    public override int GetHashCode() => Operands.Aggregate(19, (hash, operand) => HashCode.Combine(hash, operand));

    public override string ToString() => string.Join(" OR ", Operands.Select(o => o.ToString()));

    internal override string ToOperandText() => $"({this})";
}
