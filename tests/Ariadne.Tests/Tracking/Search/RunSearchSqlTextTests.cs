using Ariadne.Tracking;
using Ariadne.Tracking.Search;

namespace Ariadne.Tests.Tracking.Search;

/// <summary>The generated SQL text and parameters, the per-dialect differences, and the argument checks.</summary>
public sealed class RunSearchSqlTextTests
{
    private static SqlQuery Build(string? filter, SqlDialect dialect, params string[] orderBy) =>
        RunSearchSql.Build(new RunSearch(["1"], filter, orderBy.Length == 0 ? null : orderBy), dialect);

    [Fact]
    public void Ilike_is_native_on_postgres_and_like_on_sqlite()
    {
        var postgres = Build("tags.x ILIKE 'A%'", SqlDialect.Postgres);
        var sqlite = Build("tags.x ILIKE 'A%'", SqlDialect.Sqlite);

        Assert.Contains("t.value ILIKE @p", postgres.Text, StringComparison.Ordinal);
        Assert.Contains("t.value LIKE @p", sqlite.Text, StringComparison.Ordinal);
        Assert.Contains("ESCAPE '\\'", sqlite.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("ILIKE", sqlite.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Like_is_a_glob_on_sqlite_and_like_on_postgres()
    {
        var postgres = Build("params.model LIKE 'Res_%*'", SqlDialect.Postgres);
        var sqlite = Build("params.model LIKE 'Res_%*'", SqlDialect.Sqlite);

        Assert.Contains("p.value LIKE @p", postgres.Text, StringComparison.Ordinal);
        Assert.Contains(postgres.Parameters, p => Equals(p.Value, "Res_%*"));
        Assert.Contains("p.value GLOB @p", sqlite.Text, StringComparison.Ordinal);
        Assert.Contains(sqlite.Parameters, p => Equals(p.Value, "Res?*[*]"));
    }

    [Fact]
    public void Is_nan_is_a_boolean_on_postgres_and_an_integer_on_sqlite()
    {
        var postgres = Build("metrics.acc > 0.5", SqlDialect.Postgres, "metrics.loss");
        var sqlite = Build("metrics.acc > 0.5", SqlDialect.Sqlite, "metrics.loss");

        Assert.Contains("NOT m.is_nan", postgres.Text, StringComparison.Ordinal);
        Assert.Contains("NOT o0.is_nan", postgres.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("is_nan =", postgres.Text, StringComparison.Ordinal);
        Assert.Contains("m.is_nan = 0", sqlite.Text, StringComparison.Ordinal);
        Assert.Contains("o0.is_nan = 0", sqlite.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Postgres_plans_for_itself_and_sqlite_gets_a_probe()
    {
        var postgres = Build("params.lr = '0.1'", SqlDialect.Postgres, "metrics.acc DESC");
        var sqlite = Build("params.lr = '0.1'", SqlDialect.Sqlite, "metrics.acc DESC");

        Assert.DoesNotContain("probe", postgres.Text, StringComparison.Ordinal);
        Assert.Contains("ranked AS (", postgres.Text, StringComparison.Ordinal);
        Assert.Contains("probe0 AS (", sqlite.Text, StringComparison.Ordinal);
        Assert.Contains("CROSS JOIN runs r", sqlite.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_order_is_start_time_descending_then_run_id()
    {
        var query = Build(null, SqlDialect.Sqlite);

        Assert.Equal(
            "SELECT r.run_id\nFROM runs r\nWHERE r.experiment_id = @p0\n  AND r.lifecycle_stage <> 'deleted'\nORDER BY r.start_time DESC, r.run_id\nLIMIT 1001 OFFSET 0",
            query.Text);
        Assert.Equal([new KeyValuePair<string, object?>("@p0", 1L)], query.Parameters);
    }

    [Fact]
    public void Comparisons_are_exists_subqueries_with_every_key_and_value_a_parameter()
    {
        var query = RunSearchSql.Build(
            new RunSearch(["7", "8"], "metrics.acc > 1 and params.lr = 'a' and tags.t IN ('b', 'c') and attributes.start_time >= 5 and datasets.role = 'train'"),
            SqlDialect.Postgres);

        Assert.Contains("EXISTS (SELECT 1 FROM latest_metrics m WHERE m.run_id = r.run_id", query.Text, StringComparison.Ordinal);
        Assert.Contains("EXISTS (SELECT 1 FROM params p WHERE p.run_id = r.run_id", query.Text, StringComparison.Ordinal);
        Assert.Contains("EXISTS (SELECT 1 FROM tags t WHERE t.run_id = r.run_id", query.Text, StringComparison.Ordinal);
        Assert.Contains("EXISTS (SELECT 1 FROM run_inputs d WHERE d.run_id = r.run_id AND d.role = @p", query.Text, StringComparison.Ordinal);
        Assert.Contains("r.experiment_id IN (@p0, @p1)", query.Text, StringComparison.Ordinal);
        Assert.Equal(
            [7L, 8L, "acc", 1.0, "lr", "a", "t", "b", "c", 5L, "train"],
            query.Parameters.Select(p => p.Value));
        Assert.Equal(Enumerable.Range(0, 11).Select(i => $"@p{i}"), query.Parameters.Select(p => p.Key));
    }

    [Fact]
    public void Limit_is_one_more_than_max_results_and_offset_comes_from_the_token()
    {
        var search = new RunSearch(["1"], MaxResults: 25, PageToken: RunSearchSql.EncodePageToken(50));

        var query = RunSearchSql.Build(search, SqlDialect.Postgres);

        Assert.EndsWith("LIMIT 26 OFFSET 50", query.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_next_page_token_advances_by_max_results_only_when_there_are_more_rows()
    {
        var search = new RunSearch(["1"], MaxResults: 10, PageToken: RunSearchSql.EncodePageToken(30));

        Assert.Null(RunSearchSql.NextPageToken(search, 10));
        Assert.Null(RunSearchSql.NextPageToken(search, 0));
        Assert.Equal(40, RunSearchSql.DecodePageToken(RunSearchSql.NextPageToken(search, 11)));
        Assert.Equal(10, RunSearchSql.DecodePageToken(RunSearchSql.NextPageToken(search with { PageToken = null }, 11)));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(123_456_789L)]
    public void Page_tokens_round_trip(long offset) =>
        Assert.Equal(offset, RunSearchSql.DecodePageToken(RunSearchSql.EncodePageToken(offset)));

    [Fact]
    public void No_token_is_the_first_page()
    {
        Assert.Equal(0, RunSearchSql.DecodePageToken(null));
        Assert.Equal(0, RunSearchSql.DecodePageToken(""));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("!!!")]
    [InlineData("eyJvZmZzZXQiOiAxMDB9")] // MLflow's {"offset": 100}
    [InlineData("djE6MTA6MDAwMDAwMDAwMDAw")] // v1:10:000000000000, wrong check
    public void Invalid_page_tokens_are_refused(string token)
    {
        var error = Assert.Throws<AriadneException>(() => RunSearchSql.Build(new RunSearch(["1"], PageToken: token), SqlDialect.Sqlite));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Contains("page token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_edited_page_token_is_refused()
    {
        var token = RunSearchSql.EncodePageToken(100);
        for (var i = 0; i < token.Length; i++)
        {
            var replacement = token[i] == 'A' ? 'B' : 'A';
            var edited = string.Concat(token.AsSpan(0, i), replacement.ToString(), token.AsSpan(i + 1));

            var error = Assert.Throws<AriadneException>(() => RunSearchSql.DecodePageToken(edited));
            Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        }

        Assert.Throws<AriadneException>(() => RunSearchSql.DecodePageToken(token[..^2]));
        Assert.Throws<AriadneException>(() => RunSearchSql.DecodePageToken(token + "AA"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(50_001)]
    public void Max_results_outside_1_to_50000_is_an_invalid_argument(int maxResults)
    {
        var search = new RunSearch(["1"], MaxResults: maxResults);

        Assert.Equal(ErrorCode.InvalidArgument, Assert.Throws<AriadneException>(() => RunSearchSql.Build(search, SqlDialect.Sqlite)).Code);
        Assert.Equal(ErrorCode.InvalidArgument, Assert.Throws<AriadneException>(() => RunSearchSql.NextPageToken(search, 1)).Code);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(50_000)]
    public void Max_results_at_the_limits_is_accepted(int maxResults) =>
        Assert.EndsWith($"LIMIT {maxResults + 1} OFFSET 0", RunSearchSql.Build(new RunSearch(["1"], MaxResults: maxResults), SqlDialect.Sqlite).Text, StringComparison.Ordinal);

    [Theory]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("1; DROP TABLE runs")]
    public void Experiment_ids_must_be_integers(string id)
    {
        var error = Assert.Throws<AriadneException>(() => RunSearchSql.Build(new RunSearch(["1", id]), SqlDialect.Sqlite));

        Assert.Equal(ErrorCode.InvalidArgument, error.Code);
        Assert.Contains($"'{id}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_filter_syntax_error_is_an_invalid_filter_naming_the_position()
    {
        var error = Assert.Throws<AriadneException>(() => Build("metrics.acc > 'x'", SqlDialect.Sqlite));

        Assert.Equal(ErrorCode.InvalidFilter, error.Code);
        Assert.Contains("position 14", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_order_by_error_is_an_invalid_argument() =>
        Assert.Equal(ErrorCode.InvalidArgument, Assert.Throws<AriadneException>(() => Build(null, SqlDialect.Sqlite, "metrics.acc UP")).Code);

    [Theory]
    [InlineData("abc", "abc", "abc")]
    [InlineData("a%b_c", "a%b_c", "a*b?c")]
    [InlineData("a\\%b\\_c", "a\\%b\\_c", "a%b_c")]
    [InlineData("*?[]", "*?[]", "[*][?][[]]")]
    [InlineData("\\\\x", "\\\\x", "\\x")]
    [InlineData("a\\b", "ab", "ab")]
    [InlineData("end\\", "end\\\\", "end\\")]
    public void Like_patterns_are_rewritten_per_database(string pattern, string like, string glob)
    {
        Assert.Equal(like, LikePattern.ToLike(pattern));
        Assert.Equal(glob, LikePattern.ToGlob(pattern));
    }
}
