namespace Ariadne.Tracking;

/// <summary>
/// An experiment search, as MLflow's <c>experiments/search</c> takes it. <see cref="Filter"/> joins comparisons with
/// AND: <c>name</c> (<c>= != LIKE ILIKE</c>), <c>creation_time</c> and <c>last_update_time</c>
/// (<c>= != &lt; &lt;= &gt; &gt;=</c> with a number) and <c>tags.&lt;key&gt;</c> (<c>= != LIKE ILIKE</c>), e.g.
/// <c>name LIKE '%penguins%' AND tags.team = 'vision'</c>. <see cref="OrderBy"/> items are <c>name</c>,
/// <c>experiment_id</c>, <c>creation_time</c> or <c>last_update_time</c>, each <c>ASC</c> (default) or <c>DESC</c>; with
/// none, newest first. The page token comes from the previous page.
/// </summary>
/// <param name="Filter">The filter, or null for every experiment in the view.</param>
/// <param name="OrderBy">The order-by items, or null for newest first.</param>
/// <param name="MaxResults">The most experiments on one page, 1 to 50,000.</param>
/// <param name="PageToken">The previous page's <see cref="ExperimentPage.NextPageToken"/>, or null for the first page.</param>
/// <param name="ViewType">Active, deleted or all experiments.</param>
public sealed record ExperimentSearch(
    string? Filter = null,
    IReadOnlyList<string>? OrderBy = null,
    int MaxResults = 1000,
    string? PageToken = null,
    ViewType ViewType = ViewType.ActiveOnly);
