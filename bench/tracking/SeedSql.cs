using System.Globalization;

namespace Ariadne.Bench.Tracking;

/// <summary>
/// The search data set, written straight into the store's tables after the store created its schema: one statement
/// per table, generated in the database (generate_series), the same rows in SQLite and PostgreSQL. Run i (1..N) has
/// a 32-hex id made of four 32-bit multiplicative hashes of i (unique, in no particular order), params p0..p{P-1}
/// with values v0..v9, latest metrics m0..m{M-1} in [0, 1) (all distinct per key), and tags t0..t{T-1}. Values come
/// from two permutations of i modulo the prime 1,000,003, so a param and a metric are close to independent:
/// <c>params.p7 = 'v1'</c> keeps about 10% of the runs, <c>metrics.m3 &gt; 0.5</c> about half of those.
/// </summary>
internal static class SeedSql
{
    private const long Prime = 1_000_003;

    public static string Sqlite(string experimentId, int runs, int parameters, int metrics, int tags) => Fill("""
        PRAGMA synchronous = NORMAL;
        PRAGMA temp_store = MEMORY;
        PRAGMA cache_size = -524288;
        BEGIN;
        CREATE TEMP TABLE ids AS
          SELECT value AS i,
                 printf('%08x%08x%08x%08x', (value * 2654435761) % 4294967296, (value * 2246822519) % 4294967296,
                        (value * 3266489917) % 4294967296, (value * 668265263) % 4294967296) AS run_id,
                 (value * 2654435761) % {P} AS a,
                 (value * 2246822519) % {P} AS b
          FROM generate_series(1, {RUNS});
        INSERT INTO runs (run_id, experiment_id, name, status, start_time, end_time, lifecycle_stage, parent_run_id, user_id, artifact_uri)
          SELECT run_id, {EXP}, 'run-' || i, 'FINISHED', 1700000000000 + i * 1000, 1700000000000 + i * 1000 + 500, 'active', NULL, 'bench',
                 'ariadne-artifacts:/' || run_id
          FROM ids ORDER BY run_id;
        INSERT INTO params (run_id, key, value)
          SELECT ids.run_id, 'p' || k.value, 'v' || ((ids.a * (2 * k.value + 1) + k.value * 7919) % {P} % 10)
          FROM ids, generate_series(0, {PARAMS} - 1) AS k ORDER BY 1, 2;
        INSERT INTO latest_metrics (run_id, key, step, timestamp, value, is_nan)
          SELECT ids.run_id, 'm' || k.value, 99, 1700000000000 + ids.i * 1000 + 500,
                 CAST((ids.b * (2 * k.value + 3) + k.value * 104729) % {P} AS REAL) / {P}, 0
          FROM ids, generate_series(0, {METRICS} - 1) AS k ORDER BY 1, 2;
        INSERT INTO tags (run_id, key, value)
          SELECT ids.run_id, 't' || k.value, 'tag' || ((ids.i + k.value) % 7)
          FROM ids, generate_series(0, {TAGS} - 1) AS k ORDER BY 1, 2;
        COMMIT;
        SELECT (SELECT count(*) FROM runs WHERE experiment_id = {EXP}) || ' runs';
        """, experimentId, runs, parameters, metrics, tags);

    /// <summary>
    /// The same rows for PostgreSQL, run by the superuser with <c>session_replication_role = replica</c> (no per-row
    /// foreign-key triggers: every row refers to a run inserted first), then VACUUM ANALYZE, the state autovacuum
    /// reaches on its own shortly after a bulk load.
    /// </summary>
    public static string Postgres(string experimentId, int runs, int parameters, int metrics, int tags) => Fill("""
        SET session_replication_role = replica;
        SET maintenance_work_mem = '256MB';
        SET work_mem = '256MB';
        BEGIN;
        CREATE TEMP TABLE ids AS
          SELECT i,
                 lpad(to_hex((i * 2654435761) % 4294967296), 8, '0') || lpad(to_hex((i * 2246822519) % 4294967296), 8, '0') ||
                 lpad(to_hex((i * 3266489917) % 4294967296), 8, '0') || lpad(to_hex((i * 668265263) % 4294967296), 8, '0') AS run_id,
                 (i * 2654435761) % {P} AS a,
                 (i * 2246822519) % {P} AS b
          FROM generate_series(1::bigint, {RUNS}) AS i;
        INSERT INTO runs (run_id, experiment_id, name, status, start_time, end_time, lifecycle_stage, parent_run_id, user_id, artifact_uri)
          SELECT run_id, {EXP}, 'run-' || i, 'FINISHED', 1700000000000 + i * 1000, 1700000000000 + i * 1000 + 500, 'active', NULL, 'bench',
                 'ariadne-artifacts:/' || run_id
          FROM ids ORDER BY run_id;
        INSERT INTO params (run_id, key, value)
          SELECT ids.run_id, 'p' || k, 'v' || ((ids.a * (2 * k + 1) + k * 7919) % {P} % 10)
          FROM ids CROSS JOIN generate_series(0, {PARAMS} - 1) AS k ORDER BY 1, 2;
        INSERT INTO latest_metrics (run_id, key, step, "timestamp", value, is_nan)
          SELECT ids.run_id, 'm' || k, 99, 1700000000000 + ids.i * 1000 + 500,
                 ((ids.b * (2 * k + 3) + k * 104729) % {P})::float8 / {P}, false
          FROM ids CROSS JOIN generate_series(0, {METRICS} - 1) AS k ORDER BY 1, 2;
        INSERT INTO tags (run_id, key, value)
          SELECT ids.run_id, 't' || k, 'tag' || ((ids.i + k) % 7)
          FROM ids CROSS JOIN generate_series(0, {TAGS} - 1) AS k ORDER BY 1, 2;
        COMMIT;
        VACUUM ANALYZE runs;
        VACUUM ANALYZE params;
        VACUUM ANALYZE latest_metrics;
        VACUUM ANALYZE tags;
        """, experimentId, runs, parameters, metrics, tags);

    private static string Fill(string template, string experimentId, int runs, int parameters, int metrics, int tags) => template
        .Replace("{P}", Prime.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{EXP}", long.Parse(experimentId, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{RUNS}", runs.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{PARAMS}", parameters.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{METRICS}", metrics.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{TAGS}", tags.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
}
