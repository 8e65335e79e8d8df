using System.Globalization;
using System.Text.RegularExpressions;
using Ariadne.Tracking.Search;

namespace Ariadne.Registry;

/// <summary>
/// Turns a <see cref="ModelSearch"/> into the WHERE, ORDER BY and LIMIT of one parameterized query over
/// <c>registered_models m</c> or <c>model_versions v</c>, for SQLite or PostgreSQL. Every key and value is a parameter;
/// the text holds only fixed SQL and integers computed here. LIKE is case-sensitive on both databases, ILIKE is not.
/// </summary>
internal static partial class ModelSearchSql
{
    public const int MaxFilterLength = 10_000;

    /// <summary>MLflow's limit for one page of registered models.</summary>
    public const int MaxModelResults = 1000;

    /// <summary>MLflow's limit for one page of model versions.</summary>
    public const int MaxVersionResults = 200_000;

    /// <summary>The query's WHERE, ORDER BY, LIMIT and OFFSET (LIMIT is MaxResults + 1, to tell whether another page follows).</summary>
    public static (string Tail, List<KeyValuePair<string, object?>> Parameters) Build(ModelSearch search, bool versions, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(search);
        var limit = versions ? MaxVersionResults : MaxModelResults;
        if (search.MaxResults < 1 || search.MaxResults > limit)
        {
            throw AriadneException.InvalidArgument(
                $"max_results is {search.MaxResults.ToString(CultureInfo.InvariantCulture)}; a page holds 1 to {limit.ToString(CultureInfo.InvariantCulture)} {(versions ? "model versions" : "registered models")}. Use page tokens for more.");
        }

        var offset = PageToken.Decode(search.PageToken);
        var parameters = new List<KeyValuePair<string, object?>>();
        string Add(object value)
        {
            var name = "@p" + parameters.Count.ToString(CultureInfo.InvariantCulture);
            parameters.Add(new(name, value));
            return name;
        }

        var conditions = Conditions(search.Filter, versions, dialect, Add);
        var where = conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);
        var tail = $"{where} ORDER BY {Order(search.OrderBy, versions, dialect)} LIMIT {(search.MaxResults + 1L).ToString(CultureInfo.InvariantCulture)} OFFSET {offset.ToString(CultureInfo.InvariantCulture)}";
        return (tail, parameters);
    }

    /// <summary>Checks a search as <see cref="Build"/> does, for a store that sends it elsewhere.</summary>
    public static void Check(ModelSearch search, bool versions) => _ = Build(search, versions, SqlDialect.Sqlite);

    public static string? NextPageToken(ModelSearch search, int returnedCount) =>
        returnedCount > search.MaxResults ? PageToken.Encode(PageToken.Decode(search.PageToken) + search.MaxResults) : null;

    private static List<string> Conditions(string? filter, bool versions, SqlDialect dialect, Func<object, string> add)
    {
        var conditions = new List<string>();
        if (string.IsNullOrWhiteSpace(filter))
        {
            return conditions;
        }

        if (filter.Length > MaxFilterLength)
        {
            throw AriadneException.InvalidArgument(
                $"The filter is {filter.Length.ToString(CultureInfo.InvariantCulture)} characters long; at most {MaxFilterLength.ToString(CultureInfo.InvariantCulture)} are allowed.");
        }

        var position = 0;
        while (true)
        {
            var match = Clause().Match(filter, position);
            if (!match.Success || match.Index != position)
            {
                throw Invalid(filter, position, versions);
            }

            conditions.Add(Condition(filter, match, versions, dialect, add));
            position = match.Index + match.Length;
            if (position >= filter.Length)
            {
                return conditions;
            }

            var and = And().Match(filter, position);
            if (!and.Success || and.Index != position)
            {
                throw Invalid(filter, position, versions);
            }

            position += and.Length;
        }
    }

    private static string Condition(string filter, Match match, bool versions, SqlDialect dialect, Func<object, string> add)
    {
        var entity = match.Groups["entity"].Value.ToLowerInvariant();
        var key = Unquote(match.Groups["key"].Value);
        var op = Regex.Replace(match.Groups["op"].Value.ToUpperInvariant(), @"\s+", " ");
        var text = match.Groups["string"].Success ? Unquote(match.Groups["string"].Value) : null;
        var table = versions ? "v" : "m";
        if (entity is "tag" or "tags")
        {
            var value = text ?? throw Invalid(filter, match.Groups["value"].Index, versions);
            var tagCondition = versions
                ? "EXISTS (SELECT 1 FROM model_version_tags t WHERE t.name = v.name AND t.version = v.version AND t.key = {0} AND {1})"
                : "EXISTS (SELECT 1 FROM registered_model_tags t WHERE t.name = m.name AND t.key = {0} AND {1})";
            return string.Format(CultureInfo.InvariantCulture, tagCondition, add(key), Compare("t.value", op, value, dialect, add, filter, match, versions));
        }

        switch (key.ToLowerInvariant())
        {
            case "name":
                return Compare(table + ".name", op, text ?? throw Invalid(filter, match.Groups["value"].Index, versions), dialect, add, filter, match, versions);

            case "run_id" when versions:
                if (op == "IN")
                {
                    var ids = match.Groups["list"].Success
                        ? ListItems().Matches(match.Groups["list"].Value).Select(m => Unquote(m.Value)).ToList()
                        : throw Invalid(filter, match.Groups["value"].Index, versions);
                    return ids.Count == 0 ? "1 = 0" : $"v.run_id IN ({string.Join(", ", ids.Select(id => add(id)))})";
                }

                return op switch
                {
                    "=" or "==" => $"v.run_id = {add(text ?? throw Invalid(filter, match.Groups["value"].Index, versions))}",
                    "!=" => $"v.run_id <> {add(text ?? throw Invalid(filter, match.Groups["value"].Index, versions))}",
                    _ => throw Invalid(filter, match.Groups["op"].Index, versions),
                };

            case "source_path" or "source" when versions:
                return Compare("v.source", op, text ?? throw Invalid(filter, match.Groups["value"].Index, versions), dialect, add, filter, match, versions);

            case "version_number" or "version" when versions:
                {
                    var number = match.Groups["number"].Success ? match.Groups["number"].Value : text;
                    if (!long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
                    {
                        throw Invalid(filter, match.Groups["value"].Index, versions);
                    }

                    var sqlOp = op switch
                    {
                        "=" or "==" => "=",
                        "!=" => "<>",
                        "<" or "<=" or ">" or ">=" => op,
                        _ => throw Invalid(filter, match.Groups["op"].Index, versions),
                    };
                    return $"v.version {sqlOp} {add(value)}";
                }

            default:
                throw AriadneException.InvalidArgument(versions
                    ? $"Invalid attribute key '{key}' in the model version filter: use name, run_id, source_path, version_number or tags.<key>."
                    : $"Invalid attribute key '{key}' in the registered model filter: use name or tags.<key>.");
        }
    }

    private static string Compare(string column, string op, string value, SqlDialect dialect, Func<object, string> add, string filter, Match match, bool versions) => op switch
    {
        "=" or "==" => $"{column} = {add(value)}",
        "!=" => $"{column} <> {add(value)}",
        "LIKE" when dialect == SqlDialect.Postgres => $"{column} LIKE {add(LikePattern.ToLike(value))}",
        "LIKE" => $"{column} GLOB {add(LikePattern.ToGlob(value))}",
        "ILIKE" when dialect == SqlDialect.Postgres => $"{column} ILIKE {add(LikePattern.ToLike(value))}",
        "ILIKE" => $"{column} LIKE {add(LikePattern.ToLike(value))} ESCAPE '\\'",
        _ => throw Invalid(filter, match.Groups["op"].Index, versions),
    };

    private static string Order(IReadOnlyList<string>? orderBy, bool versions, SqlDialect dialect)
    {
        var table = versions ? "v" : "m";
        var nameColumn = dialect == SqlDialect.Postgres ? $"{table}.name COLLATE \"C\"" : $"{table}.name";
        var keys = new List<string>();
        foreach (var clause in orderBy ?? [])
        {
            var parts = (clause ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var descending = parts.Length == 2 && parts[1].Equals("DESC", StringComparison.OrdinalIgnoreCase);
            if (parts.Length is 0 or > 2 || (parts.Length == 2 && !descending && !parts[1].Equals("ASC", StringComparison.OrdinalIgnoreCase)))
            {
                throw AriadneException.InvalidArgument($"Invalid order_by clause '{clause}': use '<field> [ASC|DESC]'.");
            }

            var column = parts[0].ToLowerInvariant() switch
            {
                "name" => nameColumn,
                "creation_timestamp" or "timestamp" => table + ".created_at",
                "last_updated_timestamp" => table + ".updated_at",
                "version_number" when versions => "v.version",
                _ => throw AriadneException.InvalidArgument(
                    $"Invalid order_by field '{parts[0]}': use name, creation_timestamp, last_updated_timestamp{(versions ? " or version_number" : "")}."),
            };
            keys.Add(descending ? column + " DESC" : column);
        }

        keys.Add(nameColumn);
        if (versions)
        {
            keys.Add("v.version DESC");
        }

        return string.Join(", ", keys.Distinct(StringComparer.Ordinal));
    }

    private static string Unquote(string text) =>
        text.Length >= 2 && text[0] == text[^1] && text[0] is '\'' or '"' or '`'
            ? text[1..^1].Replace(new string(text[0], 2), text[0].ToString(), StringComparison.Ordinal)
            : text;

    private static AriadneException Invalid(string filter, int position, bool versions) =>
        AriadneException.InvalidArgument(
            $"Invalid {(versions ? "model version" : "registered model")} filter at position {position.ToString(CultureInfo.InvariantCulture)}: '{filter}'. Example: "
            + (versions ? "name = 'penguins' AND run_id IN ('a1b2', 'c3d4')." : "name LIKE 'peng%' AND tags.team = 'vision'."));

    [GeneratedRegex("""\G\s*(?:(?<entity>attributes|attribute|attr|tags|tag)\.)?(?<key>`[^`]+`|"[^"]+"|[A-Za-z_][\w.\-]*)\s*(?<op>!=|==|<=|>=|=|<|>|(?i:ilike|like|in))\s*(?<value>(?<string>'(?:[^']|'')*'|"(?:[^"]|"")*")|(?<number>-?\d+)|\((?<list>[^)]*)\))\s*""", RegexOptions.IgnoreCase)]
    private static partial Regex Clause();

    [GeneratedRegex(@"\G(?i)and\b", RegexOptions.None)]
    private static partial Regex And();

    [GeneratedRegex(@"'(?:[^']|'')*'|""(?:[^""]|"""")*""")]
    private static partial Regex ListItems();
}
