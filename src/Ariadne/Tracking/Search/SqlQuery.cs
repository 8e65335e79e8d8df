namespace Ariadne.Tracking.Search;

/// <summary>
/// SQL text with named parameters (<c>@p0</c>, <c>@p1</c>, ...) and their values (<see cref="string"/>,
/// <see cref="long"/> or <see cref="double"/>); both Microsoft.Data.Sqlite and Npgsql accept the names as they are.
/// </summary>
internal sealed record SqlQuery(string Text, IReadOnlyList<KeyValuePair<string, object?>> Parameters)
{
    public bool Equals(SqlQuery? other) => other is not null && Text == other.Text && Parameters.SequenceEqual(other.Parameters);

    public override int GetHashCode() => HashCode.Combine(Text, Parameters.Count);
}
