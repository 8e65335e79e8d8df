using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ariadne.Tracking;
using Ariadne.Tracking.Search;

namespace Ariadne.Tests.Tracking.Search;

/// <summary>
/// The filter grammar against generated filters (valid, deep, long, and valid ones broken at random), with a fixed
/// seed so a failure repeats: every filter either runs on SQLite or is refused with InvalidFilter / InvalidArgument,
/// each within a bounded time.
/// </summary>
public sealed class GeneratedFilterTests
{
    private const int Seed = 20_261_202;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    private static readonly string[] Keys = ["metrics.acc", "metrics.`val loss`", "params.lr", "params.\"a.b\"", "tags.team", "attributes.status", "attributes.start_time", "attributes.run_name", "datasets.hash", "run.run_id"];
    private static readonly string[] Operators = ["=", "!=", "<", "<=", ">", ">=", "<>", "==", "LIKE", "ILIKE", "IN", "NOT IN", "like", "not in"];
    private static readonly string[] Junk = ["(", ")", "'", "\"", "`", ",", " AND ", " OR ", " NOT ", ".", "\\", "%", "_", "1e999", "-", "\0", "é", "\u202E", "metrics.", "IN (", "''"];

    [Fact]
    public void Generated_filters_run_or_are_refused_with_a_filter_error_in_bounded_time()
    {
        var random = new Random(Seed);
        using var database = new SearchDatabase();
        database.Run("r1", 1, name: "alpha");
        database.Param("r1", "lr", "0.01");
        database.Tag("r1", "team", "vision");
        database.Metric("r1", "acc", 0.9);
        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < 3_000; i++)
        {
            var filter = (i % 10) switch
            {
                0 => Deep(random),
                1 => Long(random),
                < 6 => Valid(random, depth: 0),
                _ => Break(random, Valid(random, depth: 0)),
            };
            var outcome = Try(database, filter);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        // Both kinds of outcome must be exercised, or the generator is not doing its job.
        Assert.True(outcomes.GetValueOrDefault("ran") > 500, string.Join(", ", outcomes));
        Assert.True(outcomes.GetValueOrDefault(nameof(ErrorCode.InvalidFilter)) > 500, string.Join(", ", outcomes));
    }

    private static string Try(SearchDatabase database, string filter)
    {
        var clock = Stopwatch.StartNew();
        string outcome;
        try
        {
            var search = new RunSearch(["1"], filter, MaxResults: 10);
            _ = RunSearchSql.Build(search, SqlDialect.Postgres);
            _ = database.Ids(search);
            outcome = "ran";
        }
        catch (AriadneException e) when (e.Code is ErrorCode.InvalidFilter or ErrorCode.InvalidArgument)
        {
            outcome = e.Code.ToString();
        }
        catch (Exception e)
        {
            Assert.Fail($"The filter {Show(filter)} threw {e.GetType().Name}: {e.Message}");
            throw;
        }

        Assert.True(clock.Elapsed < Bound, $"The filter {Show(filter)} took {clock.Elapsed}.");
        return outcome;
    }

    private static string Show(string filter) => filter.Length <= 300 ? $"'{filter}'" : $"'{filter[..300]}...' ({filter.Length} characters)";

    private static string Valid(Random random, int depth)
    {
        if (depth < 4 && random.Next(3) == 0)
        {
            var count = random.Next(2, 5);
            var joiner = random.Next(2) == 0 ? " AND " : " or ";
            return "(" + string.Join(joiner, Enumerable.Range(0, count).Select(_ => Valid(random, depth + 1))) + ")";
        }

        var key = Keys[random.Next(Keys.Length)];
        var op = Operators[random.Next(Operators.Length)];
        var value = op.Contains("IN", StringComparison.OrdinalIgnoreCase) || op.Contains("in", StringComparison.Ordinal)
            ? "(" + string.Join(", ", Enumerable.Range(0, random.Next(1, 5)).Select(_ => Quoted(random))) + ")"
            : random.Next(2) == 0 ? Number(random) : Quoted(random);
        return $"{key} {op} {value}";
    }

    private static string Quoted(Random random) => random.Next(5) switch
    {
        0 => "'FINISHED'",
        1 => "'%a_\\%'",
        2 => "'it''s'",
        3 => "\"0.01\"",
        _ => "'" + new string((char)random.Next('a', 'z' + 1), random.Next(0, 8)) + "'",
    };

    private static string Number(Random random) => random.Next(4) switch
    {
        0 => "0.9",
        1 => "-1e-3",
        2 => random.Next().ToString(CultureInfo.InvariantCulture),
        _ => "1e308",
    };

    private static string Deep(Random random)
    {
        var depth = random.Next(2) == 0 ? random.Next(1, SearchLimits.MaxNestingDepth + 5) : random.Next(1_000, 60_000);
        var close = random.Next(4) == 0 ? depth - 1 : depth;
        return new string('(', depth) + Valid(random, 4) + new string(')', Math.Max(0, close));
    }

    private static string Long(Random random) => random.Next(4) switch
    {
        0 => string.Join(" OR ", Enumerable.Range(0, random.Next(100, 400)).Select(_ => Valid(random, 4))),
        1 => $"params.lr IN ({string.Join(",", Enumerable.Range(0, random.Next(200, 2_000)).Select(i => $"'{i}'"))})",
        2 => $"tags.team LIKE '{new string('%', random.Next(1, 5_000))}a'",
        _ => $"params.lr = '{new string('x', random.Next(50_000, 120_000))}'",
    };

    private static string Break(Random random, string filter)
    {
        var text = new StringBuilder(filter);
        for (var edits = random.Next(1, 4); edits > 0 && text.Length > 0; edits--)
        {
            var at = random.Next(text.Length);
            switch (random.Next(3))
            {
                case 0:
                    text.Remove(at, 1);
                    break;
                case 1:
                    text.Insert(at, Junk[random.Next(Junk.Length)]);
                    break;
                default:
                    text[at] = Junk[random.Next(Junk.Length)][0];
                    break;
            }
        }

        return text.ToString();
    }
}
