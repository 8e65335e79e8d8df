namespace Ariadne.Tracking.Search;

/// <summary>
/// The most a run search may ask for. A search over them is refused before any SQL is written, with
/// <see cref="ErrorCode.InvalidFilter"/> or <see cref="ErrorCode.InvalidArgument"/> (400 INVALID_PARAMETER_VALUE on
/// the server) naming the limit, so no request can exhaust the stack, the database's expression depth or its
/// parameter count (SQLite allows 32,766 parameters and an expression depth of 1,000; PostgreSQL 65,535 parameters).
/// </summary>
/// <remarks>
/// MLflow itself bounds a page at 50,000 runs (SEARCH_MAX_RESULTS_THRESHOLD) and a batch at 1,000 metrics and 100
/// params or tags, but leaves the filter unbounded; these limits sit far above what people and the web UI write.
/// </remarks>
internal static class SearchLimits
{
    /// <summary>The longest filter text, in characters.</summary>
    public const int MaxFilterLength = 100_000;

    /// <summary>The deepest nesting of parentheses in a filter.</summary>
    public const int MaxNestingDepth = 50;

    /// <summary>The most comparisons in one filter.</summary>
    public const int MaxComparisons = 200;

    /// <summary>
    /// The most values in all the IN / NOT IN lists of one filter together (each is a parameter, and SQLite binds
    /// named parameters in time quadratic in their number).
    /// </summary>
    public const int MaxListValues = 1_000;

    /// <summary>The most experiment ids one search names.</summary>
    public const int MaxExperimentIds = 1_000;

    /// <summary>The most order-by items in one search.</summary>
    public const int MaxOrderByKeys = 10;
}
