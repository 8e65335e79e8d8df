namespace Ariadne.Registry;

/// <summary>
/// A search of registered models or model versions, as MLflow's <c>registered-models/search</c> and
/// <c>model-versions/search</c> take it. <see cref="Filter"/> joins comparisons with AND: for models <c>name</c>
/// (<c>= != LIKE ILIKE</c>) and <c>tags.&lt;key&gt;</c>; for versions also <c>run_id</c> (<c>= != IN</c>),
/// <c>version_number</c> (<c>= != &lt; &lt;= &gt; &gt;=</c>) and <c>source_path</c>, e.g.
/// <c>name LIKE 'peng%' AND tags.team = 'vision'</c>. <see cref="OrderBy"/> items are <c>name</c>,
/// <c>creation_timestamp</c>, <c>last_updated_timestamp</c> (and <c>version_number</c> for versions), each
/// <c>ASC</c> (default) or <c>DESC</c>.
/// </summary>
/// <param name="Filter">The filter, or null for everything.</param>
/// <param name="OrderBy">The order-by items, or null for name (then version, newest first).</param>
/// <param name="MaxResults">The most results on one page, 1 to 200,000.</param>
/// <param name="PageToken">The previous page's next-page token, or null for the first page.</param>
public sealed record ModelSearch(
    string? Filter = null,
    IReadOnlyList<string>? OrderBy = null,
    int MaxResults = 100,
    string? PageToken = null);
