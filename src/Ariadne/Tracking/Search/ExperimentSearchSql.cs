using System.Globalization;
using System.Text.RegularExpressions;

namespace Ariadne.Tracking.Search;

/// <summary>
/// Turns an <see cref="ExperimentSearch"/> into one parameterized SQL query over the <c>experiments</c> and
/// <c>experiment_tags</c> tables (docs/tracking-store.md) for SQLite or PostgreSQL. The query selects
/// <c>e.experiment_id</c> only, in result order, at most <see cref="ExperimentSearch.MaxResults"/> + 1 rows: a store
/// reads the ids, loads the first MaxResults experiments, and asks <see cref="NextPageToken"/> whether another page
/// follows. Every key and value is a parameter; the text holds only fixed SQL and integers computed here.
/// </summary>
/// <remarks>
/// LIKE is case-sensitive on both databases (a GLOB on SQLite, as in run search) and ILIKE is not (on SQLite only
/// ASCII letters fold). Names order by code point on both databases. Ties break on the experiment id, ascending.
/// </remarks>
internal static partial class ExperimentSearchSql
{
    /// <summary>The longest experiment filter, in characters.</summary>
    public const int MaxFilterLength = 10_000;

    /// <summary>
    /// The query for <paramref name="search"/>. Throws <see cref="AriadneException"/> with InvalidArgument for a filter
    /// it cannot read (naming the position), a bad order-by item, an invalid page token, or MaxResults outside 1..50000.
    /// </summary>
    public static SqlQuery Build(ExperimentSearch search, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(search);
        CheckMaxResults(search.MaxResults);
        var offset = PageToken.Decode(search.PageToken);
        var parameters = new List<KeyValuePair<string, object?>>();
        string Add(object value)
        {
            var name = "@p" + parameters.Count.ToString(CultureInfo.InvariantCulture);
            parameters.Add(new(name, value));
            return name;
        }

        var conditions = new List<string> { StoredNames.StageCondition("e.lifecycle_stage", search.ViewType) };
        conditions.AddRange(Conditions(search.Filter, dialect, Add));
        var text = $"SELECT e.experiment_id FROM experiments e WHERE {string.Join(" AND ", conditions)} ORDER BY {Order(search.OrderBy, dialect)}"
            + $" LIMIT {(search.MaxResults + 1L).ToString(CultureInfo.InvariantCulture)} OFFSET {offset.ToString(CultureInfo.InvariantCulture)}";
        return new SqlQuery(text, parameters);
    }

    /// <summary>
    /// Checks <paramref name="search"/> as <see cref="Build"/> does, for a store that sends the search elsewhere (the
    /// HTTP client), so it refuses the same input with the same message before a request is made.
    /// </summary>
    public static void Check(ExperimentSearch search) => _ = Build(search, SqlDialect.Sqlite);

    /// <summary>
    /// The token of the page after this one, or null when this is the last page: <paramref name="returnedCount"/> is
    /// the number of rows the query of <see cref="Build"/> returned (MaxResults + 1 when there are more experiments).
    /// </summary>
    public static string? NextPageToken(ExperimentSearch search, int returnedCount) =>
        returnedCount > search.MaxResults ? PageToken.Encode(PageToken.Decode(search.PageToken) + search.MaxResults) : null;

    private static void CheckMaxResults(int maxResults)
    {
        if (maxResults is < 1 or > RunSearchSql.MaxResultsLimit)
        {
            throw AriadneException.InvalidArgument(
                $"MaxResults is {maxResults.ToString(CultureInfo.InvariantCulture)}; a page holds 1 to {RunSearchSql.MaxResultsLimit.ToString(CultureInfo.InvariantCulture)} experiments. Use page tokens for more.");
        }
    }

    private static List<string> Conditions(string? filter, SqlDialect dialect, Func<object, string> add)
    {
        var conditions = new List<string>();
        if (string.IsNullOrWhiteSpace(filter))
        {
            return conditions;
        }

        if (filter.Length > MaxFilterLength)
        {
            throw AriadneException.InvalidArgument(
                $"The experiment filter is {filter.Length.ToString(CultureInfo.InvariantCulture)} characters long; at most {MaxFilterLength.ToString(CultureInfo.InvariantCulture)} are allowed. Write a shorter filter.");
        }

        var position = 0;
        while (true)
        {
            var match = Clause().Match(filter, position);
            if (!match.Success || match.Index != position)
            {
                throw Invalid(filter, position);
            }

            conditions.Add(Condition(filter, match, dialect, add));
            position = match.Index + match.Length;
            if (position >= filter.Length)
            {
                return conditions;
            }

            var and = And().Match(filter, position);
            if (!and.Success || and.Index != position)
            {
                throw Invalid(filter, position);
            }

            position += and.Length;
        }
    }

    private static string Condition(string filter, Match match, SqlDialect dialect, Func<object, string> add)
    {
        var entity = match.Groups["entity"].Value.ToLowerInvariant();
        var key = Unquote(match.Groups["key"].Value);
        var op = match.Groups["op"].Value.ToUpperInvariant();
        var text = match.Groups["string"].Success ? Unquote(match.Groups["string"].Value) : null;
        if (entity is "tag" or "tags")
        {
            var value = text ?? throw Invalid(filter, match.Groups["value"].Index);
            return $"EXISTS (SELECT 1 FROM experiment_tags t WHERE t.experiment_id = e.experiment_id AND t.key = {add(key)} AND {Compare("t.value", op, value, dialect, add, filter, match)})";
        }

        switch (key.ToLowerInvariant())
        {
            case "name":
                return Compare("e.name", op, text ?? throw Invalid(filter, match.Groups["value"].Index), dialect, add, filter, match);

            case "creation_time" or "last_update_time":
                {
                    if (!match.Groups["number"].Success)
                    {
                        throw Invalid(filter, match.Groups["value"].Index);
                    }

                    var number = match.Groups["number"].Value;
                    object value = long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole)
                        ? whole
                        : double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture);
                    var sqlOp = op switch
                    {
                        "=" or "==" => "=",
                        "!=" => "<>",
                        "<" or "<=" or ">" or ">=" => op,
                        _ => throw Invalid(filter, match.Groups["op"].Index),
                    };
                    return $"e.{key.ToLowerInvariant()} {sqlOp} {add(value)}";
                }

            default:
                throw AriadneException.InvalidArgument($"Invalid attribute key '{key}' in the experiment filter: use name, creation_time, last_update_time or tags.<key>.");
        }
    }

    private static string Compare(string column, string op, string value, SqlDialect dialect, Func<object, string> add, string filter, Match match) => op switch
    {
        "=" or "==" => $"{column} = {add(value)}",
        "!=" => $"{column} <> {add(value)}",
        "LIKE" when dialect == SqlDialect.Postgres => $"{column} LIKE {add(LikePattern.ToLike(value))}",
        "LIKE" => $"{column} GLOB {add(LikePattern.ToGlob(value))}",
        "ILIKE" when dialect == SqlDialect.Postgres => $"{column} ILIKE {add(LikePattern.ToLike(value))}",
        "ILIKE" => $"{column} LIKE {add(LikePattern.ToLike(value))} ESCAPE '\\'",
        _ => throw Invalid(filter, match.Groups["op"].Index),
    };

    private static string Order(IReadOnlyList<string>? orderBy, SqlDialect dialect)
    {
        var items = orderBy ?? [];
        if (items.Count > SearchLimits.MaxOrderByKeys)
        {
            throw AriadneException.InvalidArgument(
                $"The search has {items.Count.ToString(CultureInfo.InvariantCulture)} order_by items; at most {SearchLimits.MaxOrderByKeys.ToString(CultureInfo.InvariantCulture)} are allowed.");
        }

        var keys = new List<string>();
        foreach (var clause in items)
        {
            var parts = (clause ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var descending = parts.Length == 2 && parts[1].Equals("DESC", StringComparison.OrdinalIgnoreCase);
            if (parts.Length is 0 or > 2 || (parts.Length == 2 && !descending && !parts[1].Equals("ASC", StringComparison.OrdinalIgnoreCase)))
            {
                throw AriadneException.InvalidArgument($"Invalid order_by clause '{clause}': use '<field> [ASC|DESC]'.");
            }

            var field = parts[0].ToLowerInvariant();
            var dot = field.IndexOf('.', StringComparison.Ordinal);
            if (dot > 0 && field[..dot] is "attribute" or "attributes" or "attr")
            {
                field = field[(dot + 1)..];
            }

            var column = field switch
            {
                "name" => dialect == SqlDialect.Postgres ? "e.name COLLATE \"C\"" : "e.name",
                "experiment_id" or "creation_time" or "last_update_time" => "e." + field,
                _ => throw AriadneException.InvalidArgument($"Invalid order_by field '{parts[0]}': use name, experiment_id, creation_time or last_update_time."),
            };
            keys.Add(descending ? column + " DESC" : column);
        }

        if (keys.Count == 0)
        {
            keys.Add("e.creation_time DESC");
        }

        keys.Add("e.experiment_id");
        return string.Join(", ", keys);
    }

    private static string Unquote(string text) =>
        text.Length >= 2 && text[0] == text[^1] && text[0] is '\'' or '"' or '`'
            ? text[1..^1].Replace(new string(text[0], 2), text[0].ToString(), StringComparison.Ordinal)
            : text;

    private static AriadneException Invalid(string filter, int position) =>
        AriadneException.InvalidArgument(
            $"Invalid experiment filter at position {position.ToString(CultureInfo.InvariantCulture)}: '{filter}'. Example: name LIKE '%penguins%' AND tags.team = 'vision'.");

    [GeneratedRegex("""\G\s*(?:(?<entity>attributes|attribute|attr|tags|tag)\.)?(?<key>`[^`]+`|"[^"]+"|[A-Za-z_][\w.\-]*)\s*(?<op>!=|==|<=|>=|=|<|>|(?i:ilike|like))\s*(?<value>(?<string>'(?:[^']|'')*'|"(?:[^"]|"")*")|(?<number>-?\d+(?:\.\d+)?))\s*""", RegexOptions.IgnoreCase)]
    private static partial Regex Clause();

    [GeneratedRegex(@"\G(?i)and\b", RegexOptions.None)]
    private static partial Regex And();
}
