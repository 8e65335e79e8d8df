namespace Ariadne.Tracking.Search;

/// <summary>What a search key names: the part before the first dot of <c>metrics.acc</c>.</summary>
internal enum SearchEntity
{
    /// <summary><c>metrics</c> (or <c>metric</c>): the latest value of a metric, compared with numbers.</summary>
    Metric,

    /// <summary><c>params</c> (or <c>param</c>, <c>parameter</c>, <c>parameters</c>): compared with strings.</summary>
    Param,

    /// <summary><c>tags</c> (or <c>tag</c>): compared with strings.</summary>
    Tag,

    /// <summary>
    /// <c>attributes</c> (or <c>attribute</c>, <c>attr</c>, <c>run</c>): <c>run_id</c>, <c>run_name</c>, <c>status</c>,
    /// <c>user_id</c>, <c>artifact_uri</c>, <c>parent_run_id</c> (strings) and <c>start_time</c>, <c>end_time</c> (numbers).
    /// </summary>
    Attribute,

    /// <summary><c>datasets</c> (or <c>dataset</c>): an input of the run, by <c>hash</c>, <c>role</c> or <c>name</c>.</summary>
    Dataset,
}
