namespace Ariadne.Tracking.Search;

/// <summary>The operator of one comparison in a search filter.</summary>
internal enum ComparisonOperator
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,

    /// <summary>SQL LIKE, case-sensitive: <c>%</c> matches any run of characters, <c>_</c> one character, <c>\</c> escapes.</summary>
    Like,

    /// <summary>LIKE ignoring case.</summary>
    ILike,
    In,
    NotIn,
}
