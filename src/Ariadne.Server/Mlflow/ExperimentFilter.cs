using System.Globalization;
using System.Text.RegularExpressions;
using Ariadne.Server.Hosting;
using Ariadne.Tracking;

namespace Ariadne.Server.Mlflow;

/// <summary>
/// MLflow's experiment search filter, evaluated in memory (a store holds few experiments): comparisons joined by
/// AND on <c>name</c> (<c>= != LIKE ILIKE</c>), <c>creation_time</c> and <c>last_update_time</c> (<c>= != &lt; &lt;= &gt; &gt;=</c>)
/// and <c>tags.&lt;key&gt;</c> (<c>= != LIKE ILIKE</c>); attributes may be written <c>attribute.name</c>. Keys may be quoted
/// with backticks or double quotes, string values with single or double quotes.
/// </summary>
internal sealed partial class ExperimentFilter
{
    /// <summary>The longest experiment filter, in characters (an experiment search is evaluated in memory).</summary>
    public const int MaxLength = 10_000;

    private readonly List<Func<Experiment, bool>> _clauses;

    private ExperimentFilter(List<Func<Experiment, bool>> clauses) => _clauses = clauses;

    public bool Matches(Experiment experiment) => _clauses.All(c => c(experiment));

    public static ExperimentFilter Parse(string? filter)
    {
        var clauses = new List<Func<Experiment, bool>>();
        if (string.IsNullOrWhiteSpace(filter))
        {
            return new ExperimentFilter(clauses);
        }

        if (filter.Length > MaxLength)
        {
            throw ApiException.InvalidParameter(
                $"The experiment filter is {filter.Length.ToString(CultureInfo.InvariantCulture)} characters long; at most {MaxLength.ToString(CultureInfo.InvariantCulture)} are allowed. Write a shorter filter.");
        }

        var position = 0;
        while (true)
        {
            var match = Clause().Match(filter, position);
            if (!match.Success || match.Index != position)
            {
                throw Invalid(filter, position);
            }

            clauses.Add(Build(filter, match));
            position = match.Index + match.Length;
            if (position >= filter.Length)
            {
                break;
            }

            var and = And().Match(filter, position);
            if (!and.Success || and.Index != position)
            {
                throw Invalid(filter, position);
            }

            position += and.Length;
        }

        return new ExperimentFilter(clauses);
    }

    private static Func<Experiment, bool> Build(string filter, Match match)
    {
        var entity = match.Groups["entity"].Value.ToLowerInvariant();
        var key = Unquote(match.Groups["key"].Value);
        var op = match.Groups["op"].Value.ToUpperInvariant();
        var text = match.Groups["string"].Success ? Unquote(match.Groups["string"].Value) : null;
        var number = match.Groups["number"].Success ? double.Parse(match.Groups["number"].Value, CultureInfo.InvariantCulture) : (double?)null;
        if (entity is "tag" or "tags")
        {
            var value = text ?? throw Invalid(filter, match.Groups["value"].Index);
            var compare = StringComparison(op, filter, match);
            return e => e.Tags.TryGetValue(key, out var v) && compare(v, value);
        }

        switch (key.ToLowerInvariant())
        {
            case "name":
                {
                    var value = text ?? throw Invalid(filter, match.Groups["value"].Index);
                    var compare = StringComparison(op, filter, match);
                    return e => compare(e.Name, value);
                }

            case "creation_time" or "last_update_time":
                {
                    var value = number ?? throw Invalid(filter, match.Groups["value"].Index);
                    Func<Experiment, long> field = key.Equals("creation_time", System.StringComparison.OrdinalIgnoreCase) ? e => e.CreationTime : e => e.LastUpdateTime;
                    return op switch
                    {
                        "=" or "==" => e => field(e) == value,
                        "!=" => e => field(e) != value,
                        "<" => e => field(e) < value,
                        "<=" => e => field(e) <= value,
                        ">" => e => field(e) > value,
                        ">=" => e => field(e) >= value,
                        _ => throw Invalid(filter, match.Groups["op"].Index),
                    };
                }

            default:
                throw ApiException.InvalidParameter($"Invalid attribute key '{key}' in the experiment filter: use name, creation_time, last_update_time or tags.<key>.");
        }
    }

    private static Func<string, string, bool> StringComparison(string op, string filter, Match match) => op switch
    {
        "=" or "==" => (a, b) => string.Equals(a, b, System.StringComparison.Ordinal),
        "!=" => (a, b) => !string.Equals(a, b, System.StringComparison.Ordinal),
        "LIKE" => Like(ignoreCase: false),
        "ILIKE" => Like(ignoreCase: true),
        _ => throw Invalid(filter, match.Groups["op"].Index),
    };

    /// <summary>The pattern is read once per request, on first use, not once per experiment.</summary>
    private static Func<string, string, bool> Like(bool ignoreCase)
    {
        LikeMatcher? matcher = null;
        return (a, b) => (matcher ??= LikeMatcher.Create(b, ignoreCase)).IsMatch(a);
    }

    private static string Unquote(string text) =>
        text.Length >= 2 && text[0] == text[^1] && text[0] is '\'' or '"' or '`'
            ? text[1..^1].Replace(new string(text[0], 2), text[0].ToString(), System.StringComparison.Ordinal)
            : text;

    private static ApiException Invalid(string filter, int position) =>
        ApiException.InvalidParameter($"Invalid experiment filter at position {position.ToString(CultureInfo.InvariantCulture)}: '{filter}'. Example: name LIKE '%penguins%' AND tags.team = 'vision'.");

    [GeneratedRegex("""\G\s*(?:(?<entity>attributes|attribute|attr|tags|tag)\.)?(?<key>`[^`]+`|"[^"]+"|[A-Za-z_][\w.\-]*)\s*(?<op>!=|==|<=|>=|=|<|>|(?i:ilike|like))\s*(?<value>(?<string>'(?:[^']|'')*'|"(?:[^"]|"")*")|(?<number>-?\d+(?:\.\d+)?))\s*""", RegexOptions.IgnoreCase)]
    private static partial Regex Clause();

    [GeneratedRegex(@"\G(?i)and\b", RegexOptions.None)]
    private static partial Regex And();
}
