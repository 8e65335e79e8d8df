using System.Globalization;

namespace Ariadne.Tracking.Search;

/// <summary>
/// Turns a <see cref="RunSearch"/> into one parameterized SQL query over the shared tracking schema
/// (docs/tracking-store.md) for SQLite or PostgreSQL. The query selects <c>r.run_id</c> only, in result order, at
/// most <see cref="RunSearch.MaxResults"/> + 1 rows: a store reads the ids, loads the first MaxResults runs, and
/// asks <see cref="NextPageToken"/> whether there is another page.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Order: the order-by keys, then <c>start_time DESC, run_id</c> (with no keys, newest first). Runs without an
/// order key sort after those with it, in either direction. A NaN metric sorts after every number and before runs
/// that lack the metric, in either direction, as MLflow's SQL store does ("sort NaN values to the end, regardless of
/// sort order"). Strings order as the database compares them: by code point on SQLite, by the database collation on
/// PostgreSQL (the same order for a database created with <c>LC_COLLATE 'C'</c>), which keeps the (key, value)
/// indexes usable for ordering.</item>
/// <item>LIKE is case-sensitive on both databases (SQLite's own LIKE is not, so there it becomes a GLOB with the
/// pattern rewritten); ILIKE is not (on SQLite only ASCII letters fold). In patterns <c>%</c> and <c>_</c> are the
/// wildcards and a backslash makes the next character literal.</item>
/// <item>Every key and value is a parameter; the text holds only fixed SQL and integers computed here.</item>
/// <item>Speed: a search ordered by a metric, param or tag walks that key's (key, value) index and stops once the page
/// is full; on SQLite a selective equality or metric comparison is detected with a capped index-only count and drives
/// the query instead (see RunQueryWriter). A first page of 100 among 100,000 runs with 20 params and 20 metrics each,
/// filtered on a metric and a param and ordered by a metric, takes tens of milliseconds on either database.</item>
/// </list>
/// </remarks>
internal static class RunSearchSql
{
    public const int MaxResultsLimit = 50_000;

    /// <summary>
    /// The query for <paramref name="search"/>. Throws <see cref="AriadneException"/>: InvalidFilter for a filter
    /// syntax error, InvalidArgument for a bad order-by item, page token, non-numeric experiment id, or MaxResults
    /// outside 1..50000. No experiment ids means no runs.
    /// </summary>
    public static SqlQuery Build(RunSearch search, SqlDialect dialect) => Build(search, dialect, planned: true);

    /// <summary>
    /// <paramref name="planned"/> false writes every search as one plain SELECT with LEFT JOINs for the order keys:
    /// slower on large stores, but the reference the planned query is tested against. <paramref name="driveThreshold"/>
    /// replaces <see cref="RunQueryWriter.DriveThreshold"/>, so tests reach every part on a small store.
    /// </summary>
    internal static SqlQuery Build(RunSearch search, SqlDialect dialect, bool planned, long? driveThreshold = null)
    {
        ArgumentNullException.ThrowIfNull(search);
        CheckMaxResults(search.MaxResults);
        var offset = PageToken.Decode(search.PageToken);
        var experimentIds = ExperimentIds(search.ExperimentIds);
        var filter = SearchFilter.Parse(search.Filter);
        var order = RunOrdering.Parse(search.OrderBy);
        return new RunQueryWriter(dialect).Write(experimentIds, search.ViewType, filter, order, search.MaxResults + 1L, offset, planned, driveThreshold);
    }

    /// <summary>
    /// The token of the page after this one, or null when this is the last page: <paramref name="returnedCount"/> is
    /// the number of rows the query of <see cref="Build(RunSearch, SqlDialect)"/> returned (MaxResults + 1 when there are more runs).
    /// </summary>
    public static string? NextPageToken(RunSearch search, int returnedCount)
    {
        ArgumentNullException.ThrowIfNull(search);
        CheckMaxResults(search.MaxResults);
        return returnedCount > search.MaxResults ? PageToken.Encode(PageToken.Decode(search.PageToken) + search.MaxResults) : null;
    }

    /// <summary>The opaque token for the page that starts at <paramref name="offset"/> (0-based).</summary>
    public static string EncodePageToken(long offset) => PageToken.Encode(offset);

    /// <summary>The offset a page token stands for (0 for null or empty); an invalid or edited token throws InvalidArgument.</summary>
    public static long DecodePageToken(string? token) => PageToken.Decode(token);

    private static void CheckMaxResults(int maxResults)
    {
        if (maxResults is < 1 or > MaxResultsLimit)
        {
            throw AriadneException.InvalidArgument(
                $"MaxResults is {maxResults.ToString(CultureInfo.InvariantCulture)}; a page holds 1 to {MaxResultsLimit.ToString(CultureInfo.InvariantCulture)} runs. Use page tokens for more.");
        }
    }

    private static List<long> ExperimentIds(IReadOnlyList<string> ids)
    {
        if (ids.Count > SearchLimits.MaxExperimentIds)
        {
            throw AriadneException.InvalidArgument(
                $"The search names {ids.Count.ToString(CultureInfo.InvariantCulture)} experiment ids; one search takes at most {SearchLimits.MaxExperimentIds.ToString(CultureInfo.InvariantCulture)}. Search fewer experiments at a time.");
        }

        var seen = new HashSet<long>();
        var result = new List<long>(ids.Count);
        foreach (var id in ids)
        {
            if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                throw AriadneException.InvalidArgument($"Experiment id '{id}' is not a number. Experiment ids are integers; 'ariadne experiments list' shows them.");
            }

            if (seen.Add(value))
            {
                result.Add(value);
            }
        }

        return result;
    }
}
