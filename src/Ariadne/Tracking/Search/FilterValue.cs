namespace Ariadne.Tracking.Search;

/// <summary>The right-hand side of a comparison: <see cref="StringValue"/>, <see cref="NumberValue"/> or <see cref="StringListValue"/>.</summary>
internal abstract record FilterValue
{
    /// <summary>The kinds of value are the ones in this namespace.</summary>
    private protected FilterValue()
    {
    }
}
