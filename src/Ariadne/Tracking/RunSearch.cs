namespace Ariadne.Tracking;

/// <summary>
/// A run search. <see cref="Filter"/> uses MLflow's syntax plus OR, parentheses and IN, e.g.
/// <c>metrics.acc &gt; 0.9 and (params.lr = '0.01' or tags.x IN ('a', 'b'))</c>. <see cref="OrderBy"/> items look
/// like <c>metrics.acc DESC</c> or <c>attributes.start_time</c>. The page token comes from the previous page.
/// </summary>
public sealed record RunSearch(
    IReadOnlyList<string> ExperimentIds,
    string? Filter = null,
    IReadOnlyList<string>? OrderBy = null,
    int MaxResults = 1000,
    string? PageToken = null,
    ViewType ViewType = ViewType.ActiveOnly);
