using System.Globalization;
using System.Text;

namespace Ariadne.Tracking.Search;

/// <summary>
/// Writes the SQL of one run search for one dialect. Every key and value the user gave becomes a parameter
/// (<c>@p0</c>, <c>@p1</c>, ...); the text holds only fixed SQL, aliases, and integers computed here (LIMIT, OFFSET,
/// thresholds).
/// </summary>
/// <remarks>
/// <para>
/// Filter comparisons on metrics, params, tags and datasets are EXISTS subqueries correlated on run_id and constrained
/// on key, answered from the (run_id, key) primary keys. Order keys are LEFT JOINs on the same keys.
/// </para>
/// <para>
/// A plain SELECT over <c>runs</c> then costs a few index lookups per run of the experiments: fine when the ORDER BY
/// follows an index and LIMIT stops the scan early (the default order walks (experiment_id, start_time) backwards),
/// too slow (hundreds of ms at 100,000 runs) when every run must be looked at before the first row comes out. So:
/// </para>
/// <list type="bullet">
/// <item>Ordered by a metric, param or tag, the query walks that key's (key, value) index in order and stops after
/// OFFSET + LIMIT matching runs (<c>ranked</c>); the runs without the key (or with NaN) are read only when that came
/// up short, i.e. on the last page.</item>
/// <item>PostgreSQL plans joins by cost with statistics, so it gets just that and picks the walk or a drive from a
/// selective filter itself. SQLite keeps the written join order, so for SQLite the query also counts, with
/// index-only probes capped at a threshold, the runs matching each of up to three top-level comparisons (equalities
/// or IN on a param, tag or dataset hash first, then metric comparisons). When one is under the threshold it drives
/// from the first such index instead of walking (<c>driven</c>); the other parts get LIMIT 0, which SQLite checks
/// before it starts their loops. A filter on run ids simply uses the primary key.</item>
/// </list>
/// </remarks>
internal sealed class RunQueryWriter(SqlDialect dialect)
{
    private readonly List<KeyValuePair<string, object?>> _parameters = [];

    private bool Postgres => dialect == SqlDialect.Postgres;

    /// <summary>The literal that matches a metric that is not NaN: <c>is_nan</c> is 0/1 in SQLite and BOOLEAN in PostgreSQL.</summary>
    private string NotNan(string alias) => Postgres ? $"NOT {alias}.is_nan" : $"{alias}.is_nan = 0";

    private string IsNan(string alias) => Postgres ? $"{alias}.is_nan" : $"{alias}.is_nan = 1";

    /// <summary>
    /// Below this many candidate runs SQLite drives from the filter's index rather than walking the order: driving
    /// costs a few lookups per candidate, walking a few per index entry until OFFSET + LIMIT runs matched.
    /// </summary>
    internal static long DriveThreshold(long need) => 1_000 + (10 * need);

    public SqlQuery Write(
        IReadOnlyList<long> experimentIds,
        ViewType viewType,
        FilterExpression filter,
        IReadOnlyList<OrderByKey> order,
        long limit,
        long offset,
        bool planned = true,
        long? driveThreshold = null)
    {
        var where = RunConditions(experimentIds, viewType, filter);
        var walk = planned && order.Count > 0 && order[0].Entity != SearchEntity.Attribute;
        var drivers = planned && !Postgres ? FindDrivers(filter) : [];
        var text = drivers is [{ Kind: DriverKind.RunId }] || (!walk && drivers.Count == 0)
            ? WritePlain(order, where, limit, offset)
            : WriteParts(order, where, walk, drivers, driveThreshold ?? DriveThreshold(offset + limit), limit, offset);
        return new SqlQuery(text, _parameters.ToArray());
    }

    /// <summary>One SELECT: LEFT JOINs for the order keys, the filter, ORDER BY, LIMIT / OFFSET.</summary>
    private string WritePlain(IReadOnlyList<OrderByKey> order, List<string> where, long limit, long offset)
    {
        var keys = order.Select((key, i) => KeySql(key, $"o{i}")).ToList();
        return Select(
            "r.run_id",
            ["runs r", .. Joins(keys)],
            where,
            keys.SelectMany(InnerTerms).Concat(TieBreak(order, outer: false)),
            string.Create(CultureInfo.InvariantCulture, $"{limit} OFFSET {offset}"),
            "");
    }

    /// <summary>
    /// The union of the parts that apply (<c>ranked</c> and <c>missing</c> when walking the first order key's index,
    /// else <c>scan</c>; one <c>driven</c> part per driver SQLite has, of which at most the first under the threshold
    /// runs), each selecting the run id, per order key a null
    /// group (0 value, 1 NaN, 2 missing) and value, and the start time, each ordered and limited on its own; the
    /// outer query orders the union and pages it.
    /// </summary>
    private string WriteParts(IReadOnlyList<OrderByKey> order, List<string> where, bool walk, List<Driver> drivers, long threshold, long limit, long offset)
    {
        var need = (offset + limit).ToString(CultureInfo.InvariantCulture);
        var ctes = new List<string>();
        var parts = new List<string>();
        var cap = threshold.ToString(CultureInfo.InvariantCulture);
        var atLeast = new List<string>();
        var below = new List<string>();
        for (var i = 0; i < drivers.Count; i++)
        {
            var probe = $"probe{i.ToString(CultureInfo.InvariantCulture)}";
            ctes.Add($"{probe} AS (\n  SELECT count(*) AS n FROM ({drivers[i].Select} LIMIT {cap}) AS candidates)");
            atLeast.Add($"(SELECT n FROM {probe}) >= {cap}");
            below.Add($"(SELECT n FROM {probe}) < {cap}");
        }

        // The walk or scan runs when no driver is under the threshold; else the first driver under it drives.
        var probeAtLeast = atLeast.Count == 0 ? null : string.Join(" AND ", atLeast);

        var skip = walk ? 1 : 0;
        var extra = order.Skip(skip).Select((key, i) => KeySql(key, $"o{i + skip}")).ToList();
        var extraTerms = extra.SelectMany(InnerTerms).Concat(TieBreak(order, outer: false)).ToList();
        if (walk)
        {
            var first = order[0];
            var table = Table(first.Entity);
            var key = Add(first.Key);
            var metric = first.Entity == SearchEntity.Metric;
            var hasValue = metric ? $" AND {NotNan("o0")}" : "";
            var ranked = Select(
                $"r.run_id AS run_id, 0 AS n0, o0.value AS v0{Columns(extra, 1)}, r.start_time AS start_time",
                [$"{table} o0", "CROSS JOIN runs r", .. Joins(extra)],
                [$"o0.key = {key}{hasValue} AND r.run_id = o0.run_id", .. where],
                [$"o0.value{(first.Ascending ? "" : " DESC")}", .. extraTerms],
                Gate(need, probeAtLeast),
                "  ");
            ctes.Add($"ranked AS (\n{ranked})");
            parts.Add("SELECT * FROM ranked");

            var group = metric
                ? $"CASE WHEN EXISTS (SELECT 1 FROM latest_metrics x WHERE x.run_id = r.run_id AND x.key = {key}) THEN 1 ELSE 2 END"
                : "2";
            var lacksValue = $"NOT EXISTS (SELECT 1 FROM {table} x WHERE x.run_id = r.run_id AND x.key = {key}{(metric ? $" AND {NotNan("x")}" : "")})";
            var shortOfRows = $"(SELECT count(*) FROM ranked) < {need}";
            parts.Add(Part(
                $"r.run_id AS run_id, {group} AS n0, CAST(NULL AS {(metric ? "DOUBLE PRECISION" : "TEXT")}) AS v0{Columns(extra, 1)}, r.start_time AS start_time",
                ["runs r", .. Joins(extra)],
                [.. where, lacksValue],
                ["n0", .. extraTerms],
                need,
                probeAtLeast is null ? shortOfRows : $"{shortOfRows} AND {probeAtLeast}"));
        }
        else
        {
            parts.Add(Part(
                $"r.run_id AS run_id{Columns(extra, 0)}, r.start_time AS start_time",
                ["runs r", .. Joins(extra)],
                where,
                extraTerms,
                need,
                probeAtLeast));
        }

        for (var d = 0; d < drivers.Count; d++)
        {
            var keys = order.Select((key, i) => KeySql(key, $"o{i}")).ToList();
            parts.Add(Part(
                $"r.run_id AS run_id{Columns(keys, 0)}, r.start_time AS start_time",
                [$"({drivers[d].Select}) AS dp", "CROSS JOIN runs r", .. Joins(keys)],
                ["r.run_id = dp.run_id", .. where],
                keys.SelectMany(InnerTerms).Concat(TieBreak(order, outer: false)),
                need,
                string.Join(" AND ", atLeast.Take(d).Append(below[d]))));
        }

        var outer = order.SelectMany((key, i) => new[] { $"n{i}", $"v{i}{(key.Ascending ? "" : " DESC")}" });
        var sql = new StringBuilder();
        if (ctes.Count > 0)
        {
            sql.Append("WITH ").AppendJoin(",\n", ctes).Append('\n');
        }

        sql.Append("SELECT run_id\nFROM (\n  ").AppendJoin("\n  UNION ALL\n  ", parts).Append("\n) AS page");
        sql.Append("\nORDER BY ").AppendJoin(", ", outer.Concat(TieBreak(order, outer: true)));
        sql.Append(CultureInfo.InvariantCulture, $"\nLIMIT {limit} OFFSET {offset}");
        return sql.ToString();
    }

    /// <summary>
    /// One part of the union as a subquery with its own ORDER BY and LIMIT. A part that applies only sometimes has a
    /// gate: PostgreSQL tests it once as a WHERE condition (a one-time filter); SQLite, which would test an
    /// uncorrelated WHERE term on every row, gets LIMIT 0 instead and then never starts the part's loops.
    /// </summary>
    private string Part(string columns, List<string> from, List<string> where, IEnumerable<string> orderBy, string need, string? gate)
    {
        var conditions = Postgres && gate is not null ? [gate, .. where] : where;
        var body = Select(columns, from, conditions, orderBy, Postgres ? need : Gate(need, gate), "    ");
        return $"SELECT * FROM (\n{body}) AS part";
    }

    private static string Select(string columns, List<string> from, List<string> where, IEnumerable<string> orderBy, string limit, string indent) =>
        $"{indent}SELECT {columns}\n" +
        $"{indent}FROM {string.Join($"\n{indent}", from)}\n" +
        $"{indent}WHERE {string.Join($"\n{indent}  AND ", where)}\n" +
        $"{indent}ORDER BY {string.Join(", ", orderBy)}\n" +
        $"{indent}LIMIT {limit}";

    private static string Gate(string need, string? gate) => gate is null ? need : $"CASE WHEN {gate} THEN {need} ELSE 0 END";

    private static IEnumerable<string> Joins(IEnumerable<OrderKeySql> keys) => keys.Where(k => k.Join is not null).Select(k => k.Join!);

    /// <summary>The n{i} and v{i} columns of order keys, numbered from <paramref name="first"/>.</summary>
    private static string Columns(IReadOnlyList<OrderKeySql> keys, int first) =>
        string.Concat(keys.Select((key, i) => $", {key.NullGroup} AS n{i + first}, {key.Value} AS v{i + first}"));

    /// <summary>Experiments, lifecycle stage and the filter's top-level AND operands: the conditions every part ANDs.</summary>
    private List<string> RunConditions(IReadOnlyList<long> experimentIds, ViewType viewType, FilterExpression filter)
    {
        var conditions = new List<string>
        {
            experimentIds.Count switch
            {
                0 => "1 = 0",
                1 => $"r.experiment_id = {Add(experimentIds[0])}",
                _ => $"r.experiment_id IN ({string.Join(", ", experimentIds.Select(id => Add(id)))})",
            },
        };
        if (viewType != ViewType.All)
        {
            conditions.Add(StoredNames.StageCondition("r.lifecycle_stage", viewType));
        }

        conditions.AddRange(TopLevel(filter).Select(Condition));
        return conditions;
    }

    private static IEnumerable<FilterExpression> TopLevel(FilterExpression filter) => filter switch
    {
        MatchAllFilter => [],
        AndFilter and => and.Operands,
        _ => [filter],
    };

    private enum DriverKind
    {
        RunId,
        Equality,
        Range,
    }

    /// <summary>A top-level comparison whose index can list the matching runs: <c>Select</c> selects their ids.</summary>
    private sealed record Driver(DriverKind Kind, string Select);

    /// <summary>Most drivers probed per search: each probe reads at most the threshold's number of index entries.</summary>
    private const int MaxDrivers = 3;

    /// <summary>
    /// The top-level comparisons whose index can list the matching runs, those likely to be most selective first: run
    /// ids alone (the primary key answers them), else equalities or IN on a param, tag or dataset hash, then metric
    /// comparisons, at most <see cref="MaxDrivers"/>; empty when there is none (e.g. only LIKE, != or OR). Each is
    /// probed, because which one is selective depends on the data: <c>params.optimizer = 'adam'</c> may match half the
    /// runs and <c>metrics.acc &gt; 0.99</c> a handful.
    /// </summary>
    private List<Driver> FindDrivers(FilterExpression filter)
    {
        var comparisons = TopLevel(filter).OfType<FilterComparison>().ToList();
        if (comparisons.Any(c => c is { Entity: SearchEntity.Attribute, Key: "run_id", Operator: ComparisonOperator.Equal or ComparisonOperator.In }))
        {
            return [new Driver(DriverKind.RunId, "")];
        }

        var equalities = comparisons
            .Where(c => c.Operator is ComparisonOperator.Equal or ComparisonOperator.In
                && (c.Entity is SearchEntity.Param or SearchEntity.Tag || c is { Entity: SearchEntity.Dataset, Key: "hash" }))
            .Select(c => new Driver(DriverKind.Equality, c.Entity == SearchEntity.Dataset
                ? $"SELECT DISTINCT dp.run_id FROM run_inputs dp WHERE {Compare("dp.dataset_hash", c)}"
                : $"SELECT dp.run_id FROM {Table(c.Entity)} dp WHERE dp.key = {Add(c.Key)} AND {Compare("dp.value", c)}"));
        var ranges = comparisons
            .Where(c => c.Entity == SearchEntity.Metric && c.Operator != ComparisonOperator.NotEqual)
            .Select(c => new Driver(DriverKind.Range, $"SELECT dp.run_id FROM latest_metrics dp WHERE dp.key = {Add(c.Key)} AND {Compare("dp.value", c)}"));
        return [.. equalities.Concat(ranges).Take(MaxDrivers)];
    }

    private static string Table(SearchEntity entity) => entity switch
    {
        SearchEntity.Metric => "latest_metrics",
        SearchEntity.Param => "params",
        _ => "tags",
    };

    private string Add(object value)
    {
        var name = $"@p{_parameters.Count.ToString(CultureInfo.InvariantCulture)}";
        _parameters.Add(new(name, value));
        return name;
    }

    /// <summary>
    /// How one order key sorts: the LEFT JOIN it needs (none for attributes), a null group (0 has a value, 1 NaN,
    /// 2 missing; always 0 for attributes that are never NULL) and the value.
    /// </summary>
    private sealed record OrderKeySql(string? Join, string NullGroup, string Value, bool Descending);

    private IEnumerable<string> InnerTerms(OrderKeySql key)
    {
        if (key.NullGroup != "0")
        {
            yield return key.NullGroup;
        }

        yield return $"{key.Value}{(key.Descending ? " DESC" : "")}";
    }

    /// <summary><c>start_time DESC, run_id</c>, less what the order keys already hold.</summary>
    private static IEnumerable<string> TieBreak(IReadOnlyList<OrderByKey> order, bool outer)
    {
        var prefix = outer ? "" : "r.";
        if (!order.Any(k => k is { Entity: SearchEntity.Attribute, Key: "start_time" }))
        {
            yield return $"{prefix}start_time DESC";
        }

        if (!order.Any(k => k is { Entity: SearchEntity.Attribute, Key: "run_id" }))
        {
            yield return $"{prefix}run_id";
        }
    }

    /// <summary>
    /// Ordering by a metric, param or tag LEFT JOINs its row (one per run at most: the primary key is (run_id, key)).
    /// Runs without the key sort last in both directions; NaN metrics sort after every number and before runs
    /// without the metric, in both directions, as MLflow's SQL store does.
    /// </summary>
    private OrderKeySql KeySql(OrderByKey key, string alias)
    {
        var descending = !key.Ascending;
        switch (key.Entity)
        {
            case SearchEntity.Metric:
                return new(
                    $"LEFT JOIN latest_metrics {alias} ON {alias}.run_id = r.run_id AND {alias}.key = {Add(key.Key)}",
                    $"CASE WHEN {alias}.run_id IS NULL THEN 2 WHEN {IsNan(alias)} THEN 1 ELSE 0 END",
                    $"{alias}.value",
                    descending);
            case SearchEntity.Param or SearchEntity.Tag:
                return new(
                    $"LEFT JOIN {Table(key.Entity)} {alias} ON {alias}.run_id = r.run_id AND {alias}.key = {Add(key.Key)}",
                    $"CASE WHEN {alias}.run_id IS NULL THEN 2 ELSE 0 END",
                    $"{alias}.value",
                    descending);
            default:
                var column = $"r.{SearchKeys.AttributeColumn(key.Key)}";
                return new(
                    null,
                    SearchKeys.IsNullableAttribute(key.Key) ? $"CASE WHEN {column} IS NULL THEN 2 ELSE 0 END" : "0",
                    column,
                    descending);
        }
    }

    /// <summary>The SQL of one filter operand, written into one builder so its cost is linear in the filter's size.</summary>
    private string Condition(FilterExpression filter)
    {
        var sql = new StringBuilder();
        AppendCondition(sql, filter);
        return sql.ToString();
    }

    private void AppendCondition(StringBuilder sql, FilterExpression filter)
    {
        switch (filter)
        {
            case AndFilter and:
                AppendOperands(sql, and.Operands, " AND ");
                break;
            case OrFilter or:
                AppendOperands(sql, or.Operands, " OR ");
                break;
            case FilterComparison comparison:
                sql.Append(Comparison(comparison));
                break;
            default:
                sql.Append("1 = 1");
                break;
        }
    }

    private void AppendOperands(StringBuilder sql, IReadOnlyList<FilterExpression> operands, string separator)
    {
        sql.Append('(');
        for (var i = 0; i < operands.Count; i++)
        {
            if (i > 0)
            {
                sql.Append(separator);
            }

            AppendCondition(sql, operands[i]);
        }

        sql.Append(')');
    }

    /// <summary>
    /// A comparison on a metric, param, tag or dataset is an EXISTS over that table, correlated on run_id and
    /// constrained on key: the planner answers it from the (run_id, key) primary key, or, for a selective
    /// comparison, from the (key, value) index as a semi-join. Metric comparisons skip NaN values.
    /// </summary>
    private string Comparison(FilterComparison comparison)
    {
        switch (comparison.Entity)
        {
            case SearchEntity.Metric:
                return $"EXISTS (SELECT 1 FROM latest_metrics m WHERE m.run_id = r.run_id AND m.key = {Add(comparison.Key)} AND {NotNan("m")} AND {Compare("m.value", comparison)})";
            case SearchEntity.Param:
                return $"EXISTS (SELECT 1 FROM params p WHERE p.run_id = r.run_id AND p.key = {Add(comparison.Key)} AND {Compare("p.value", comparison)})";
            case SearchEntity.Tag:
                return $"EXISTS (SELECT 1 FROM tags t WHERE t.run_id = r.run_id AND t.key = {Add(comparison.Key)} AND {Compare("t.value", comparison)})";
            case SearchEntity.Dataset:
                return $"EXISTS (SELECT 1 FROM run_inputs d WHERE d.run_id = r.run_id AND {Compare($"d.{SearchKeys.DatasetColumn(comparison.Key)}", comparison)})";
            default:
                return Compare($"r.{SearchKeys.AttributeColumn(comparison.Key)}", comparison);
        }
    }

    private string Compare(string column, FilterComparison comparison)
    {
        var value = comparison.Value;
        return comparison.Operator switch
        {
            ComparisonOperator.Like when Postgres => $"{column} LIKE {Add(LikePattern.ToLike(Text(value)))}",
            ComparisonOperator.Like => $"{column} GLOB {Add(LikePattern.ToGlob(Text(value)))}",
            ComparisonOperator.ILike when Postgres => $"{column} ILIKE {Add(LikePattern.ToLike(Text(value)))}",
            ComparisonOperator.ILike => $"{column} LIKE {Add(LikePattern.ToLike(Text(value)))} ESCAPE '\\'",
            ComparisonOperator.In => $"{column} IN ({List(value)})",
            ComparisonOperator.NotIn => $"{column} NOT IN ({List(value)})",
            var op => $"{column} {SqlOperator(op)} {Add(Scalar(comparison.Entity, value))}",
        };
    }

    private static string SqlOperator(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => "=",
        ComparisonOperator.NotEqual => "<>",
        ComparisonOperator.Less => "<",
        ComparisonOperator.LessOrEqual => "<=",
        ComparisonOperator.Greater => ">",
        _ => ">=",
    };

    private static string Text(FilterValue value) => ((StringValue)value).Value;

    private string List(FilterValue value) => string.Join(", ", ((StringListValue)value).Values.Select(v => Add(v)));

    /// <summary>Metric values are doubles; times that are whole numbers are longs (the columns are integers).</summary>
    private static object Scalar(SearchEntity entity, FilterValue value) => value switch
    {
        StringValue text => text.Value,
        NumberValue { Value: var number } when entity == SearchEntity.Attribute && Math.Floor(number) == number && Math.Abs(number) < 9e15 => (long)number,
        NumberValue number => number.Value,
        _ => throw new InvalidOperationException($"Unexpected value {value}"),
    };
}
