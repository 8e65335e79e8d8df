namespace Ariadne.Tracking;

/// <summary>
/// The recursive query behind <see cref="IContentIndex.TraceContentAsync"/>, the same on SQLite and PostgreSQL: the
/// closure of hashes (<c>h</c>) from the seeds through run_inputs and run_artifacts (each join through an index: the
/// hash indexes and the (run_id, ...) primary keys), the runs it passes (<c>r</c>), and their records. The direction
/// column is 0 for a read and 1 for a write. Joins are written <c>FROM h CROSS JOIN t WHERE ...</c>: SQLite then keeps
/// the closure as the outer loop and probes the indexes (left to itself it scanned a million-row table against the
/// closure: seconds instead of milliseconds), and PostgreSQL plans it as the same inner join.
/// </summary>
internal static class ContentTraceSql
{
    /// <summary>The CTEs <c>h(hash)</c> and <c>r(run_id)</c>, from <paramref name="seeds"/> (a VALUES list or a SELECT of one column).</summary>
    public static string Closure(ContentDirection direction, string seeds) => direction == ContentDirection.Read
        ? $"""
            h(hash) AS (
                {seeds}
                UNION
                SELECT a.hash FROM h CROSS JOIN run_inputs i CROSS JOIN run_artifacts a WHERE i.dataset_hash = h.hash AND a.run_id = i.run_id),
            r(run_id) AS (SELECT DISTINCT i.run_id FROM h CROSS JOIN run_inputs i WHERE i.dataset_hash = h.hash)
            """
        : $"""
            h(hash) AS (
                {seeds}
                UNION
                SELECT i.dataset_hash FROM h CROSS JOIN run_artifacts a CROSS JOIN run_inputs i WHERE a.hash = h.hash AND i.run_id = a.run_id),
            r(run_id) AS (SELECT DISTINCT a.run_id FROM h CROSS JOIN run_artifacts a WHERE a.hash = h.hash)
            """;

    /// <summary>The records: reads of reached hashes and every artifact of the reached runs (downstream), or the reverse.</summary>
    public static string Records(ContentDirection direction) => direction == ContentDirection.Read
        ? """
            SELECT 0 AS d, i.dataset_hash AS hash, i.run_id AS run_id, i.pointer_path AS path, i.role AS role, NULL AS size FROM h CROSS JOIN run_inputs i WHERE i.dataset_hash = h.hash
            UNION ALL
            SELECT 1, a.hash, a.run_id, a.path, NULL, a.size FROM r CROSS JOIN run_artifacts a WHERE a.run_id = r.run_id
            ORDER BY 1, 2, 3, 4, 5
            """
        : """
            SELECT 0 AS d, i.dataset_hash AS hash, i.run_id AS run_id, i.pointer_path AS path, i.role AS role, NULL AS size FROM r CROSS JOIN run_inputs i WHERE i.run_id = r.run_id
            UNION ALL
            SELECT 1, a.hash, a.run_id, a.path, NULL, a.size FROM h CROSS JOIN run_artifacts a WHERE a.hash = h.hash
            ORDER BY 1, 2, 3, 4, 5
            """;
}
