namespace Ariadne.Tracking.Search;

/// <summary>
/// MLflow's run search filter grammar, plus OR, parentheses and IN / NOT IN:
/// <c>metrics.acc &gt; 0.9 and (params.lr = '0.01' or tags.x IN ('a', 'b'))</c>.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Comparisons are <c>&lt;entity&gt;.&lt;key&gt; &lt;operator&gt; &lt;value&gt;</c>, joined by AND and OR (any case); AND binds
/// tighter than OR; parentheses group. There is no prefix NOT: use <c>!=</c> or <c>NOT IN</c>.</item>
/// <item>Entities: <c>metrics</c>/<c>metric</c>; <c>params</c>/<c>param</c>/<c>parameter</c>/<c>parameters</c>;
/// <c>tags</c>/<c>tag</c>; <c>attributes</c>/<c>attribute</c>/<c>attr</c>/<c>run</c>; <c>datasets</c>/<c>dataset</c>.</item>
/// <item>Keys quoted with backticks or double quotes may hold anything (<c>metrics.`val loss`</c>,
/// <c>params."a.b"</c>); an unquoted key runs to the next white space, operator, parenthesis, comma or quote, so
/// <c>metrics.val.acc</c> is the metric <c>val.acc</c>.</item>
/// <item>Values: strings in single or double quotes (the quote is escaped by doubling it or with a backslash),
/// numbers (<c>3</c>, <c>-0.5</c>, <c>1e-3</c>), and after IN / NOT IN a parenthesised list of strings.</item>
/// <item>Metrics and the attributes <c>start_time</c>, <c>end_time</c> take numbers and <c>= != &lt; &lt;= &gt; &gt;=</c>
/// (<c>&lt;&gt;</c> and <c>==</c> are accepted too). Params, tags, the other attributes (<c>run_id</c>,
/// <c>run_name</c>, <c>status</c>, <c>user_id</c>, <c>artifact_uri</c>, <c>parent_run_id</c>) and datasets
/// (<c>hash</c>, <c>role</c>, <c>name</c>; MLflow's <c>digest</c> and <c>context</c> mean hash and role) take
/// strings and <c>= != LIKE ILIKE IN NOT IN</c>. Status values must be run statuses (any case).</item>
/// <item>LIKE is case-sensitive and ILIKE is not; in patterns <c>%</c> matches any run of characters, <c>_</c> one
/// character, and a backslash makes the next character literal.</item>
/// <item>A comparison on a params, tags, metrics or datasets key matches only runs that have the key: a run without
/// param <c>lr</c> matches neither <c>params.lr = '1'</c> nor <c>params.lr != '1'</c>. Likewise a NULL attribute
/// (<c>end_time</c> of a running run, <c>parent_run_id</c> of a top-level run) matches no comparison.</item>
/// </list>
/// </remarks>
internal static class SearchFilter
{
    /// <summary>
    /// Parses a filter; null or blank text is <see cref="FilterExpression.All"/>. Throws <see cref="AriadneException"/>
    /// with <see cref="ErrorCode.InvalidFilter"/> naming the 0-based position of the first error.
    /// </summary>
    public static FilterExpression Parse(string? filter) =>
        string.IsNullOrWhiteSpace(filter) ? FilterExpression.All : FilterParser.Parse(filter);
}
