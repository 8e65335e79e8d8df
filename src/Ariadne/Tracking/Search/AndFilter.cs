namespace Ariadne.Tracking.Search;

/// <summary>Runs matching every operand (two or more).</summary>
internal sealed record AndFilter(IReadOnlyList<FilterExpression> Operands) : FilterExpression
{
    public bool Equals(AndFilter? other) => other is not null && Operands.SequenceEqual(other.Operands);

    public override int GetHashCode() => Operands.Aggregate(17, (hash, operand) => HashCode.Combine(hash, operand));

    public override string ToString() => string.Join(" AND ", Operands.Select(o => o.ToOperandText()));
}
