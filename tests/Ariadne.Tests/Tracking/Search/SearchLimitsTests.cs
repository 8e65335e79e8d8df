using System.Diagnostics;
using Ariadne.Tracking;
using Ariadne.Tracking.Search;

namespace Ariadne.Tests.Tracking.Search;

public sealed class SearchLimitsTests
{
    private static RunSearch Search(string? filter = null, IReadOnlyList<string>? experimentIds = null, IReadOnlyList<string>? orderBy = null) =>
        new(experimentIds ?? ["1"], filter, orderBy, MaxResults: 100);

    private static AriadneException Refused(RunSearch search, ErrorCode code, string mentions)
    {
        var error = Assert.Throws<AriadneException>(() => RunSearchSql.Build(search, SqlDialect.Sqlite));
        Assert.Equal(code, error.Code);
        Assert.Contains(mentions, error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 2_000, $"The message is {error.Message.Length} characters long.");
        return error;
    }

    [Fact]
    public void Fifty_thousand_nested_parentheses_are_refused_without_exhausting_the_stack()
    {
        var filter = new string('(', 50_000) + "metrics.a > 1" + new string(')', 40_000);

        Refused(Search(filter), ErrorCode.InvalidFilter, $"nested more than {SearchLimits.MaxNestingDepth} deep");
    }

    [Fact]
    public void Nesting_up_to_the_limit_is_accepted()
    {
        var filter = new string('(', SearchLimits.MaxNestingDepth) + "metrics.a > 1" + new string(')', SearchLimits.MaxNestingDepth);

        using var database = new SearchDatabase();
        database.Run("r1", 1);
        database.Metric("r1", "a", 2);
        Assert.Equal(["r1"], database.Find(Search(filter)));
    }

    [Fact]
    public void A_thousand_ors_are_refused_naming_the_comparison_limit() =>
        Refused(Search(string.Join(" OR ", Enumerable.Range(0, 1_000).Select(i => $"params.p = '{i}'"))),
            ErrorCode.InvalidFilter, $"more than {SearchLimits.MaxComparisons} comparisons");

    [Fact]
    public void The_most_comparisons_allowed_run_on_sqlite()
    {
        using var database = new SearchDatabase();
        database.Run("r1", 1);
        database.Param("r1", "p", "7");
        var filter = string.Join(" OR ", Enumerable.Range(0, SearchLimits.MaxComparisons).Select(i => $"params.p = '{i}'"));

        Assert.Equal(["r1"], database.Find(Search(filter)));
    }

    [Fact]
    public void An_in_list_of_twenty_thousand_values_is_refused() =>
        Refused(Search($"params.p IN ({string.Join(",", Enumerable.Repeat("''", 20_000))})"),
            ErrorCode.InvalidFilter, $"more than {SearchLimits.MaxListValues} values");

    [Fact]
    public void The_largest_in_lists_allowed_run_on_sqlite()
    {
        using var database = new SearchDatabase();
        database.Run("r1", 1);
        database.Param("r1", "p", "999");
        database.Tag("r1", "t", "x");
        var values = string.Join(", ", Enumerable.Range(0, SearchLimits.MaxListValues / 2).Select(i => $"'{i + (SearchLimits.MaxListValues / 2)}'"));
        var filter = $"params.p IN ({values}) AND tags.t NOT IN ({values})";

        Assert.Equal(["r1"], database.Find(Search(filter)));
    }

    [Fact]
    public void Forty_thousand_experiment_ids_are_refused() =>
        Refused(Search(experimentIds: Enumerable.Range(0, 40_000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList()),
            ErrorCode.InvalidArgument, $"at most {SearchLimits.MaxExperimentIds}");

    [Fact]
    public void Too_many_order_by_keys_are_refused() =>
        Refused(Search(orderBy: Enumerable.Range(0, 100).Select(i => $"metrics.m{i}").ToList()),
            ErrorCode.InvalidArgument, $"at most {SearchLimits.MaxOrderByKeys} keys");

    [Fact]
    public void A_filter_over_the_length_limit_is_refused_quoting_only_an_excerpt() =>
        Refused(Search($"params.p = '{new string('x', SearchLimits.MaxFilterLength)}'"), ErrorCode.InvalidFilter, $"at most {SearchLimits.MaxFilterLength}");

    [Fact]
    public void Query_building_is_linear_in_the_filter_size()
    {
        // 4,000 comparisons' worth of text at the deepest nesting allowed, split into searches under the limits.
        var nested = new string('(', SearchLimits.MaxNestingDepth - 1)
            + "(" + string.Join(" OR ", Enumerable.Range(0, SearchLimits.MaxComparisons - 1).Select(i => $"params.`{new string('k', 200)}` = '{i}'")) + ")"
            + " AND metrics.a > 1" + new string(')', SearchLimits.MaxNestingDepth - 1);

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 20; i++)
        {
            _ = RunSearchSql.Build(Search(nested), SqlDialect.Sqlite);
            _ = RunSearchSql.Build(Search(nested), SqlDialect.Postgres);
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"40 builds of a {nested.Length}-character filter took {clock.Elapsed}.");
    }
}
