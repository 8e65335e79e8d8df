using Ariadne.Tracking.Search;

namespace Ariadne.Tests.Tracking.Search;

public sealed class SearchFilterTests
{
    private static FilterComparison Single(string filter) => Assert.IsType<FilterComparison>(SearchFilter.Parse(filter));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \t\n")]
    public void Blank_filter_matches_all(string? filter) =>
        Assert.IsType<MatchAllFilter>(SearchFilter.Parse(filter));

    [Fact]
    public void Metric_comparison_parses_entity_key_operator_and_number()
    {
        var comparison = Single("metrics.acc > 0.9");

        Assert.Equal(new FilterComparison(SearchEntity.Metric, "acc", ComparisonOperator.Greater, new NumberValue(0.9)), comparison);
    }

    [Theory]
    [InlineData("metrics.a = 1", ComparisonOperator.Equal)]
    [InlineData("metrics.a == 1", ComparisonOperator.Equal)]
    [InlineData("metrics.a != 1", ComparisonOperator.NotEqual)]
    [InlineData("metrics.a <> 1", ComparisonOperator.NotEqual)]
    [InlineData("metrics.a < 1", ComparisonOperator.Less)]
    [InlineData("metrics.a <= 1", ComparisonOperator.LessOrEqual)]
    [InlineData("metrics.a > 1", ComparisonOperator.Greater)]
    [InlineData("metrics.a >= 1", ComparisonOperator.GreaterOrEqual)]
    [InlineData("metrics.a>=1", ComparisonOperator.GreaterOrEqual)]
    [InlineData("params.a LIKE 'x%'", ComparisonOperator.Like)]
    [InlineData("params.a like 'x%'", ComparisonOperator.Like)]
    [InlineData("params.a ILIKE 'x%'", ComparisonOperator.ILike)]
    [InlineData("params.a iLike 'x%'", ComparisonOperator.ILike)]
    [InlineData("params.a IN ('x')", ComparisonOperator.In)]
    [InlineData("params.a in('x')", ComparisonOperator.In)]
    [InlineData("params.a NOT IN ('x')", ComparisonOperator.NotIn)]
    [InlineData("params.a not   in ('x')", ComparisonOperator.NotIn)]
    public void Every_operator_is_recognised(string filter, object expected) => // object: ComparisonOperator is internal
        Assert.Equal((ComparisonOperator)expected, Single(filter).Operator);

    [Theory]
    [InlineData("metric.a = 1", SearchEntity.Metric)]
    [InlineData("metrics.a = 1", SearchEntity.Metric)]
    [InlineData("METRICS.a = 1", SearchEntity.Metric)]
    [InlineData("param.a = 'x'", SearchEntity.Param)]
    [InlineData("params.a = 'x'", SearchEntity.Param)]
    [InlineData("parameter.a = 'x'", SearchEntity.Param)]
    [InlineData("parameters.a = 'x'", SearchEntity.Param)]
    [InlineData("tag.a = 'x'", SearchEntity.Tag)]
    [InlineData("tags.a = 'x'", SearchEntity.Tag)]
    [InlineData("attribute.run_id = 'x'", SearchEntity.Attribute)]
    [InlineData("attributes.run_id = 'x'", SearchEntity.Attribute)]
    [InlineData("attr.run_id = 'x'", SearchEntity.Attribute)]
    [InlineData("run.run_id = 'x'", SearchEntity.Attribute)]
    [InlineData("dataset.hash = 'x'", SearchEntity.Dataset)]
    [InlineData("datasets.hash = 'x'", SearchEntity.Dataset)]
    public void Entity_aliases_are_accepted(string filter, object expected) => // object: SearchEntity is internal
        Assert.Equal((SearchEntity)expected, Single(filter).Entity);

    [Theory]
    [InlineData("metrics.`val loss` < 1", "val loss")]
    [InlineData("metrics.\"val loss\" < 1", "val loss")]
    [InlineData("params.\"a.b\" = 'x'", "a.b")]
    [InlineData("params.`a-b c` = 'x'", "a-b c")]
    [InlineData("params.`it``s` = 'x'", "it`s")]
    [InlineData("params.\"say \\\"hi\\\"\" = 'x'", "say \"hi\"")]
    [InlineData("metrics.val.acc > 1", "val.acc")]
    [InlineData("metrics.train/loss > 1", "train/loss")]
    [InlineData("metrics.a-b>1", "a-b")]
    [InlineData("tags.mlflow.runName = 'x'", "mlflow.runName")]
    public void Keys_may_be_quoted_or_dotted(string filter, string expectedKey) =>
        Assert.Equal(expectedKey, Single(filter).Key);

    [Theory]
    [InlineData("params.a = 'x'", "x")]
    [InlineData("params.a = \"x\"", "x")]
    [InlineData("params.a = ''", "")]
    [InlineData("params.a = 'it''s'", "it's")]
    [InlineData("params.a = 'it\\'s'", "it's")]
    [InlineData("params.a = \"say \"\"hi\"\"\"", "say \"hi\"")]
    [InlineData("params.a = 'back\\\\slash'", "back\\slash")]
    [InlineData("params.a LIKE '50\\%'", "50\\%")]
    [InlineData("params.a = 'and or ) ('", "and or ) (")]
    [InlineData("params.a = 'ünï cödé'", "ünï cödé")]
    public void String_values_are_unquoted_and_unescaped(string filter, string expected) =>
        Assert.Equal(new StringValue(expected), Single(filter).Value);

    [Theory]
    [InlineData("metrics.a > 3", 3.0)]
    [InlineData("metrics.a > -3", -3.0)]
    [InlineData("metrics.a > +3", 3.0)]
    [InlineData("metrics.a > 0.25", 0.25)]
    [InlineData("metrics.a > .5", 0.5)]
    [InlineData("metrics.a > 5.", 5.0)]
    [InlineData("metrics.a > 1e-3", 0.001)]
    [InlineData("metrics.a > 1E3", 1000.0)]
    [InlineData("metrics.a > -2.5e+2", -250.0)]
    [InlineData("attributes.start_time >= 1700000000000", 1700000000000.0)]
    public void Numbers_may_be_signed_decimal_or_scientific(string filter, double expected) =>
        Assert.Equal(new NumberValue(expected), Single(filter).Value);

    [Fact]
    public void In_list_holds_strings()
    {
        var comparison = Single("tags.x IN ('a', \"b\", 'c''d')");

        Assert.Equal(new StringListValue(["a", "b", "c'd"]), comparison.Value);
    }

    [Fact]
    public void And_binds_tighter_than_or()
    {
        var filter = SearchFilter.Parse("metrics.a > 1 OR metrics.b > 2 AND metrics.c > 3");

        var or = Assert.IsType<OrFilter>(filter);
        Assert.Equal(2, or.Operands.Count);
        Assert.IsType<FilterComparison>(or.Operands[0]);
        var and = Assert.IsType<AndFilter>(or.Operands[1]);
        Assert.Equal(["b", "c"], and.Operands.Cast<FilterComparison>().Select(c => c.Key));
    }

    [Fact]
    public void Parentheses_group()
    {
        var filter = SearchFilter.Parse("metrics.acc > 0.9 and (params.lr = '0.01' or tags.x IN ('a','b'))");

        var and = Assert.IsType<AndFilter>(filter);
        Assert.IsType<FilterComparison>(and.Operands[0]);
        var or = Assert.IsType<OrFilter>(and.Operands[1]);
        Assert.Equal([SearchEntity.Param, SearchEntity.Tag], or.Operands.Cast<FilterComparison>().Select(c => c.Entity));
    }

    [Fact]
    public void Chains_of_the_same_connective_are_flattened()
    {
        var filter = SearchFilter.Parse("(metrics.a > 1 AND metrics.b > 1) and metrics.c > 1 AND ((metrics.d > 1))");

        Assert.Equal(["a", "b", "c", "d"], Assert.IsType<AndFilter>(filter).Operands.Cast<FilterComparison>().Select(c => c.Key));
    }

    [Fact]
    public void Keywords_are_case_insensitive_and_need_no_spaces_around_parentheses()
    {
        var filter = SearchFilter.Parse("(metrics.a>1)Or(metrics.b<2)aNd(params.c='x')");

        var or = Assert.IsType<OrFilter>(filter);
        Assert.IsType<AndFilter>(or.Operands[1]);
    }

    [Theory]
    [InlineData("attributes.status = 'finished'", "FINISHED")]
    [InlineData("attributes.status != 'Killed'", "KILLED")]
    [InlineData("run.status = 'RUNNING'", "RUNNING")]
    public void Status_values_are_made_upper_case(string filter, string expected) =>
        Assert.Equal(new StringValue(expected), Single(filter).Value);

    [Theory]
    [InlineData("attributes.RUN_NAME = 'x'", "run_name")]
    [InlineData("attributes.parent_run_id = 'x'", "parent_run_id")]
    [InlineData("datasets.digest = 'x'", "hash")]
    [InlineData("datasets.context = 'train'", "role")]
    [InlineData("datasets.Name = 'x'", "name")]
    public void Attribute_and_dataset_keys_are_canonical(string filter, string expected) =>
        Assert.Equal(expected, Single(filter).Key);

    [Theory]
    [InlineData("metrics.acc > 0.9 and (params.lr = '0.01' or tags.x IN ('a','b'))")]
    [InlineData("metrics.`val loss` <= -1e-05 OR attributes.status NOT IN ('FAILED', 'KILLED')")]
    [InlineData("params.a = 'it''s \\\\ here' AND (tags.b LIKE '%x\\_y' OR tags.c ILIKE 'Z%') AND datasets.role = 'train'")]
    [InlineData("(metrics.a > 1 OR metrics.b > 1) AND (metrics.c > 1 OR metrics.d > 1)")]
    public void Canonical_text_parses_back_to_the_same_filter(string text)
    {
        var parsed = SearchFilter.Parse(text);

        var again = SearchFilter.Parse(parsed.ToString());

        Assert.Equal(parsed, again);
        Assert.Equal(parsed.ToString(), again.ToString());
    }

    [Theory]
    // Unknown entities and keys.
    [InlineData("foo.bar = 1", 0, "unknown entity 'foo'")]
    [InlineData("acc > 1", 0, "'acc' is not a search key")]
    [InlineData("metrics > 1", 7, "expected '.' and a key after 'metrics'")]
    [InlineData("metrics. > 1", 8, "expected a key after 'metrics.'")]
    [InlineData("metrics.`` > 1", 8, "the key after 'metrics.' is empty")]
    [InlineData("metrics.`val loss > 1", 8, "unterminated quoted key")]
    [InlineData("attributes.nope = 'x'", 11, "unknown attribute 'nope'")]
    [InlineData("datasets.size = 'x'", 9, "unknown dataset key 'size'")]
    [InlineData("'x' = 1", 0, "expected <entity>.<key>")]
    // Operators.
    [InlineData("metrics.acc", 11, "expected an operator")]
    [InlineData("metrics.acc ~ 1", 12, "expected an operator")]
    [InlineData("metrics.acc LIKE '1'", 12, "LIKE does not apply to metric 'acc', which is a number")]
    [InlineData("metrics.acc IN ('1')", 12, "IN does not apply to metric 'acc'")]
    [InlineData("params.lr > '1'", 10, "> does not apply to param 'lr', which is a string")]
    [InlineData("attributes.start_time LIKE '1%'", 22, "LIKE does not apply to attribute 'start_time'")]
    [InlineData("attributes.run_name < 'b'", 20, "< does not apply to attribute 'run_name'")]
    [InlineData("tags.x NOT LIKE 'a'", 11, "expected IN after NOT")]
    // Values.
    [InlineData("metrics.acc >", 13, "missing value")]
    [InlineData("metrics.acc >   ", 16, "missing value")]
    [InlineData("params.lr = 'abc", 12, "unterminated string")]
    [InlineData("params.lr = \"abc", 12, "unterminated string")]
    [InlineData("params.lr = 'it''s", 12, "unterminated string")]
    [InlineData("params.lr = abc", 12, "expected a quoted string or a number")]
    [InlineData("params.lr = 0.01", 12, "param 'lr' compares with a quoted string, not a number: write '0.01'")]
    [InlineData("metrics.acc > '0.9'", 14, "metric 'acc' compares with a number, not a string")]
    [InlineData("attributes.end_time > 'x'", 22, "compares with a number")]
    [InlineData("datasets.role = 1", 16, "compares with a quoted string")]
    [InlineData("metrics.acc > 1.2.3", 14, "'1.2.3' is not a number")]
    [InlineData("metrics.acc > 1e", 14, "'1e' is not a number")]
    [InlineData("metrics.acc > 12abc", 14, "'12abc' is not a number")]
    [InlineData("metrics.acc > -", 14, "'-' is not a number")]
    [InlineData("metrics.acc > 1e999", 14, "out of range")]
    [InlineData("attributes.status = 'DONE'", 20, "'DONE' is not a run status")]
    [InlineData("attributes.status IN ('FINISHED', 'nope')", 21, "'nope' is not a run status")]
    // IN lists.
    [InlineData("tags.x IN 'a'", 10, "expected a parenthesised list")]
    [InlineData("tags.x IN ()", 11, "the IN list is empty")]
    [InlineData("tags.x IN ('a',)", 15, "expected a quoted string in the IN list")]
    [InlineData("tags.x IN ('a', 1)", 16, "expected a quoted string in the IN list")]
    [InlineData("tags.x IN ('a' 'b')", 15, "expected ',' or ')'")]
    [InlineData("tags.x IN ('a'", 14, "missing ')' to close the IN list opened at position 10")]
    // Structure.
    [InlineData("metrics.a > 1 and", 17, "expected a comparison")]
    [InlineData("metrics.a > 1 or or metrics.b > 1", 17, "'or' is not a search key")]
    [InlineData("and metrics.a > 1", 0, "'and' is not a search key")]
    [InlineData("(metrics.a > 1", 14, "missing ')' to close the '(' at position 0")]
    [InlineData("((metrics.a > 1) or metrics.b > 1", 33, "missing ')' to close the '(' at position 0")]
    [InlineData("metrics.a > 1)", 13, "this ')' has no matching '('")]
    [InlineData("()", 1, "expected <entity>.<key>")]
    [InlineData("metrics.a > 1 metrics.b > 1", 14, "unexpected 'metrics': expected AND, OR or the end of the filter")]
    [InlineData("metrics.a > 1 andmetrics.b > 1", 14, "unexpected 'andmetrics'")]
    [InlineData("(metrics.a > 1 x)", 15, "expected AND, OR or ')' to close the '(' at position 0")]
    [InlineData("params.a = 'x' 'y'", 15, "unexpected ''': expected AND, OR")]
    [InlineData("not metrics.a > 1", 0, "NOT is only supported as NOT IN")]
    public void Errors_name_the_position_and_the_problem(string filter, int position, string problem)
    {
        var error = Assert.Throws<AriadneException>(() => SearchFilter.Parse(filter));

        Assert.Equal(ErrorCode.InvalidFilter, error.Code);
        Assert.Contains($"at position {position}:", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains(filter, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Error_message_points_at_the_position_with_a_caret()
    {
        var error = Assert.Throws<AriadneException>(() => SearchFilter.Parse("metrics.acc > 'x'"));

        var lines = error.Message.Split('\n');
        var caretLine = Array.FindIndex(lines, l => l.TrimEnd().EndsWith('^'));
        Assert.Equal(lines[caretLine - 1].IndexOf('\'', StringComparison.Ordinal), lines[caretLine].IndexOf('^', StringComparison.Ordinal));
    }
}
