using Ariadne.Tracking;
using Ariadne.Tracking.Search;

namespace Ariadne.Tests.Tracking.Search;

/// <summary>
/// The search SQL run against SQLite. Every search is run in each <see cref="SearchDatabase.Shape"/> (driven from the
/// filter, walking the order index, plain), which must agree.
/// </summary>
public sealed class RunSearchSqlTests : IDisposable
{
    private const string Injection = "x'; DROP TABLE runs; --";

    private readonly SearchDatabase _db = new();

    public RunSearchSqlTests()
    {
        // Experiment 1, newest first: run5, run4, run3, run2, run1 (run6 is deleted).
        _db.Run("run1", 1000, name: "alpha", end: 2000);
        _db.Run("run2", 2000, name: "beta", end: 3000);
        _db.Run("run3", 3000, name: "gamma", status: "FAILED", end: 3500, user: "bob");
        _db.Run("run4", 4000, name: "delta", status: "RUNNING", parent: "run1", user: "bob");
        _db.Run("run5", 5000, name: "epsilon", status: "KILLED", end: 6000, user: "carol");
        _db.Run("run6", 6000, name: "zeta", end: 6500, stage: "deleted");
        _db.Run("run7", 7000, name: "eta", end: 7500, experimentId: 2);

        _db.Metric("run1", "acc", 0.9);
        _db.Metric("run2", "acc", 0.8);
        _db.Metric("run3", "acc", double.NaN);
        _db.Metric("run4", "acc", 0.95);
        _db.Metric("run6", "acc", 0.99);
        _db.Metric("run7", "acc", 0.5);
        _db.Metric("run1", "loss", 0.1);
        _db.Metric("run2", "loss", double.PositiveInfinity);
        _db.Metric("run1", "score", 1);
        _db.Metric("run2", "score", 1);
        _db.Metric("run3", "score", 2);
        _db.Metric("run1", "val loss", 0.5);

        _db.Param("run1", "lr", "0.01");
        _db.Param("run2", "lr", "0.1");
        _db.Param("run3", "lr", "0.01");
        _db.Param("run4", "lr", "1");
        _db.Param("run5", "lr", "0.1");
        _db.Param("run6", "lr", "0.01");
        _db.Param("run1", "model", "ResNet");
        _db.Param("run2", "model", "resnet");
        _db.Param("run3", "model", "MLP");
        _db.Param("run5", "model", "Res_Net%");
        _db.Param("run1", "pattern", "aZZbc!");
        _db.Param("run2", "pattern", "a*b[c]?");
        _db.Param("run1", "quote", "it's \"quoted\"");

        _db.Tag("run1", "team", "Vision");
        _db.Tag("run2", "team", "vision");
        _db.Tag("run3", "team", "nlp");
        _db.Tag("run1", "mlflow.note", "x");

        _db.Input("run1", "hashA", "train", "penguins");
        _db.Input("run2", "hashB", "test");
        _db.Input("run3", "hashA", "validation", "penguins");
        _db.Input("run3", "hashC", "train");
    }

    public void Dispose() => _db.Dispose();

    private List<string> Find(string? filter, params string[] orderBy) =>
        _db.Find(new RunSearch(["1"], filter, orderBy.Length == 0 ? null : orderBy));

    [Fact]
    public void Without_a_filter_the_active_runs_of_the_experiment_come_newest_first() =>
        Assert.Equal(["run5", "run4", "run3", "run2", "run1"], Find(null));

    [Theory]
    [InlineData("metrics.acc > 0.85", new[] { "run4", "run1" })]
    [InlineData("metrics.acc < 1", new[] { "run4", "run2", "run1" })]
    [InlineData("metrics.acc != 0.9", new[] { "run4", "run2" })]
    [InlineData("metrics.acc >= 0.8 and metrics.acc <= 0.9", new[] { "run2", "run1" })]
    [InlineData("metrics.acc = 0", new string[0])]
    [InlineData("metrics.`val loss` = 0.5", new[] { "run1" })]
    [InlineData("metrics.loss > 1e300", new[] { "run2" })]
    [InlineData("metrics.missing > -1e300", new string[0])]
    public void Metric_comparisons_skip_NaN_and_runs_without_the_metric(string filter, string[] expected) =>
        Assert.Equal(expected, Find(filter));

    [Fact]
    public void And_binds_tighter_than_or()
    {
        Assert.Equal(["run5", "run4", "run2"], Find("params.lr = '0.1' OR params.lr = '1' AND metrics.acc > 0.9"));
        Assert.Equal(["run4"], Find("(params.lr = '0.1' OR params.lr = '1') AND metrics.acc > 0.9"));
        Assert.Equal(["run4", "run1"], Find("metrics.acc > 0.9 or params.model = 'ResNet' and tags.team = 'Vision'"));
        Assert.Equal(["run1"], Find("(metrics.acc > 0.9 or params.model = 'ResNet') and tags.team = 'Vision'"));
    }

    [Theory]
    [InlineData("params.lr IN ('0.01', '1')", new[] { "run4", "run3", "run1" })]
    [InlineData("params.lr NOT IN ('0.01', '1')", new[] { "run5", "run2" })]
    [InlineData("params.lr in ('0.01')", new[] { "run3", "run1" })]
    [InlineData("tags.team NOT IN ('nlp')", new[] { "run2", "run1" })]
    [InlineData("tags.team IN ('VISION')", new string[0])]
    public void In_and_not_in_match_runs_that_have_the_key(string filter, string[] expected) =>
        Assert.Equal(expected, Find(filter));

    [Theory]
    [InlineData("params.model LIKE 'Res%'", new[] { "run5", "run1" })]
    [InlineData("params.model LIKE 'res%'", new[] { "run2" })]
    [InlineData("params.model LIKE 'Res_et'", new[] { "run1" })]
    [InlineData("params.model LIKE 'Res\\_Net\\%'", new[] { "run5" })]
    [InlineData("params.model LIKE '%\\%'", new[] { "run5" })]
    [InlineData("params.model LIKE '%'", new[] { "run5", "run3", "run2", "run1" })]
    [InlineData("params.pattern LIKE 'a*b%'", new[] { "run2" })]
    [InlineData("params.pattern LIKE 'a_b[c]_'", new[] { "run2" })]
    [InlineData("params.pattern LIKE '%[c]?'", new[] { "run2" })]
    [InlineData("params.pattern LIKE 'a?b%'", new string[0])]
    [InlineData("tags.team LIKE 'vision'", new[] { "run2" })]
    [InlineData("attributes.run_name LIKE '%TA'", new string[0])]
    public void Like_is_case_sensitive_and_treats_glob_characters_literally(string filter, string[] expected) =>
        Assert.Equal(expected, Find(filter));

    [Theory]
    [InlineData("params.model ILIKE 'resnet'", new[] { "run2", "run1" })]
    [InlineData("params.model ILIKE 'RES%'", new[] { "run5", "run2", "run1" })]
    [InlineData("params.model ILIKE 'res\\_%'", new[] { "run5" })]
    [InlineData("tags.team ILIKE 'VISION'", new[] { "run2", "run1" })]
    [InlineData("attributes.run_name ILIKE '%TA'", new[] { "run4", "run2" })]
    public void Ilike_ignores_case(string filter, string[] expected) =>
        Assert.Equal(expected, Find(filter));

    [Theory]
    [InlineData("attributes.status = 'FINISHED'", new[] { "run2", "run1" })]
    [InlineData("attributes.status = 'finished'", new[] { "run2", "run1" })]
    [InlineData("attributes.status != 'FINISHED'", new[] { "run5", "run4", "run3" })]
    [InlineData("run.status IN ('failed', 'KILLED')", new[] { "run5", "run3" })]
    [InlineData("attributes.status NOT IN ('FINISHED', 'RUNNING')", new[] { "run5", "run3" })]
    [InlineData("attributes.run_name = 'alpha'", new[] { "run1" })]
    [InlineData("attributes.run_name LIKE '%ta'", new[] { "run4", "run2" })]
    [InlineData("attributes.start_time >= 3000 and attributes.start_time < 5000", new[] { "run4", "run3" })]
    [InlineData("attributes.start_time = 2000", new[] { "run2" })]
    [InlineData("attributes.end_time > 0", new[] { "run5", "run3", "run2", "run1" })]
    [InlineData("attributes.end_time != 2000", new[] { "run5", "run3", "run2" })]
    [InlineData("attributes.user_id = 'bob'", new[] { "run4", "run3" })]
    [InlineData("attributes.parent_run_id = 'run1'", new[] { "run4" })]
    [InlineData("attributes.run_id = 'run2'", new[] { "run2" })]
    [InlineData("attributes.run_id IN ('run1', 'run3', 'run6', 'run7')", new[] { "run3", "run1" })]
    [InlineData("attributes.run_id NOT IN ('run1', 'run3')", new[] { "run5", "run4", "run2" })]
    [InlineData("attributes.artifact_uri LIKE '%/run3'", new[] { "run3" })]
    public void Attributes_compare_run_columns(string filter, string[] expected) =>
        Assert.Equal(expected, Find(filter));

    [Theory]
    [InlineData("datasets.hash = 'hashA'", new[] { "run3", "run1" })]
    [InlineData("datasets.digest = 'hashB'", new[] { "run2" })]
    [InlineData("datasets.role = 'train'", new[] { "run3", "run1" })]
    [InlineData("datasets.name = 'penguins'", new[] { "run3", "run1" })]
    [InlineData("datasets.role IN ('test', 'validation')", new[] { "run3", "run2" })]
    [InlineData("datasets.hash = 'hashA' and datasets.role = 'test'", new string[0])]
    [InlineData("datasets.name LIKE 'pen%' and datasets.role = 'validation'", new[] { "run3" })]
    [InlineData("datasets.role != 'train'", new[] { "run3", "run2" })]
    public void Datasets_match_runs_with_such_an_input(string filter, string[] expected) =>
        Assert.Equal(expected, Find(filter));

    [Fact]
    public void Values_with_quotes_are_matched_exactly() =>
        Assert.Equal(["run1"], Find("params.quote = 'it''s \"quoted\"'"));

    [Fact]
    public void Order_by_a_metric_puts_NaN_after_numbers_and_missing_last_in_both_directions()
    {
        Assert.Equal(["run4", "run1", "run2", "run3", "run5"], Find(null, "metrics.acc DESC"));
        Assert.Equal(["run2", "run1", "run4", "run3", "run5"], Find(null, "metrics.acc"));
        Assert.Equal(["run2", "run1", "run4", "run3", "run5"], Find(null, "metrics.acc ASC"));
    }

    [Fact]
    public void Order_by_a_param_compares_strings_by_code_point_with_missing_last()
    {
        Assert.Equal(["run3", "run1", "run5", "run2", "run4"], Find(null, "params.model"));
        Assert.Equal(["run2", "run5", "run1", "run3", "run4"], Find(null, "params.model DESC"));
    }

    [Fact]
    public void Order_by_attributes()
    {
        Assert.Equal(["run1", "run2", "run3", "run5", "run4"], Find(null, "attributes.end_time"));
        Assert.Equal(["run5", "run3", "run2", "run1", "run4"], Find(null, "attributes.end_time DESC"));
        Assert.Equal(["run1", "run2", "run4", "run5", "run3"], Find(null, "attributes.run_name"));
        Assert.Equal(["run1", "run2", "run3", "run4", "run5"], Find(null, "start_time ASC"));
        Assert.Equal(["run5", "run4", "run3", "run1", "run2"], Find(null, "attributes.user_id DESC", "attributes.run_name"));
    }

    [Fact]
    public void Ties_break_on_start_time_descending_then_run_id()
    {
        Assert.Equal(["run2", "run1", "run3", "run5", "run4"], Find(null, "metrics.score"));

        _db.Run("run9", 100, experimentId: 3);
        _db.Run("run8", 100, experimentId: 3);
        _db.Metric("run9", "acc", 1);
        _db.Metric("run8", "acc", 1);
        Assert.Equal(["run8", "run9"], _db.Find(new RunSearch(["3"], null, ["metrics.acc DESC"])));
        Assert.Equal(["run8", "run9"], _db.Find(new RunSearch(["3"])));
    }

    [Fact]
    public void Later_order_keys_order_within_earlier_ones_including_runs_without_the_first_key()
    {
        // Tags by code point: 'Vision' < 'nlp' < 'vision'; run4 and run5 have no team, and order by acc among themselves.
        Assert.Equal(["run1", "run3", "run2", "run4", "run5"], Find(null, "tags.team", "metrics.acc DESC"));
        Assert.Equal(["run2", "run1", "run3", "run4", "run5"], Find(null, "metrics.score", "params.lr DESC"));
    }

    [Fact]
    public void Filter_and_order_combine()
    {
        Assert.Equal(["run4", "run1", "run3"], Find("params.lr IN ('0.01', '1')", "metrics.acc DESC"));
        Assert.Equal(["run1", "run3"], Find("params.lr = '0.01'", "metrics.acc DESC"));
        Assert.Equal(["run2", "run5"], Find("params.lr = '0.1'", "metrics.acc DESC"));
        Assert.Equal(["run1", "run3"], Find("tags.team != 'vision'", "tags.team"));
    }

    [Fact]
    public void Pages_follow_each_other_with_tokens_until_the_last()
    {
        var search = new RunSearch(["1"], MaxResults: 2);

        var first = _db.Page(search);
        var second = _db.Page(search with { PageToken = first.NextPageToken });
        var third = _db.Page(search with { PageToken = second.NextPageToken });

        Assert.Equal(["run5", "run4"], first.Ids);
        Assert.Equal(["run3", "run2"], second.Ids);
        Assert.Equal(["run1"], third.Ids);
        Assert.NotNull(first.NextPageToken);
        Assert.NotNull(second.NextPageToken);
        Assert.Null(third.NextPageToken);
    }

    [Fact]
    public void Pages_ordered_by_a_metric_run_on_into_NaN_and_missing_runs()
    {
        var search = new RunSearch(["1"], "attributes.status != 'SCHEDULED'", ["metrics.acc DESC"], MaxResults: 2);

        var first = _db.Page(search);
        var second = _db.Page(search with { PageToken = first.NextPageToken });
        var third = _db.Page(search with { PageToken = second.NextPageToken });

        Assert.Equal(["run4", "run1"], first.Ids);
        Assert.Equal(["run2", "run3"], second.Ids);
        Assert.Equal(["run5"], third.Ids);
        Assert.Null(third.NextPageToken);
    }

    [Fact]
    public void A_page_that_ends_exactly_at_the_last_run_has_no_next_token()
    {
        var page = _db.Page(new RunSearch(["1"], "params.lr = '0.1'", MaxResults: 2));

        Assert.Equal(["run5", "run2"], page.Ids);
        Assert.Null(page.NextPageToken);
    }

    [Fact]
    public void View_type_selects_lifecycle_stages()
    {
        Assert.Equal(["run6"], _db.Find(new RunSearch(["1"], ViewType: ViewType.DeletedOnly)));
        Assert.Equal(["run6", "run5", "run4", "run3", "run2", "run1"], _db.Find(new RunSearch(["1"], ViewType: ViewType.All)));
        Assert.Equal(["run6", "run4", "run1"], _db.Find(new RunSearch(["1"], "metrics.acc > 0.85", ViewType: ViewType.All)));
        Assert.Equal(["run6"], _db.Find(new RunSearch(["1"], "params.lr = '0.01'", ["metrics.acc DESC"], ViewType: ViewType.DeletedOnly)));
    }

    [Fact]
    public void Several_experiments_are_searched_together()
    {
        Assert.Equal(["run7", "run5", "run4", "run3", "run2", "run1"], _db.Find(new RunSearch(["1", "2", "1"])));
        Assert.Equal(["run4", "run1", "run2", "run7"], _db.Find(new RunSearch(["2", "1"], "metrics.acc > 0", ["metrics.acc DESC"])));
    }

    [Fact]
    public void No_experiment_ids_find_no_runs() =>
        Assert.Empty(_db.Find(new RunSearch([])));

    [Theory]
    [InlineData("params.`" + Injection + "` = 'y'")]
    [InlineData("params.lr = '" + "x''; DROP TABLE runs; --" + "'")]
    [InlineData("params.lr = \"x\"\"; DROP TABLE runs; --\"")]
    [InlineData("tags.team IN ('a', 'x''); DROP TABLE runs; --')")]
    [InlineData("tags.team LIKE '%''; DROP TABLE runs; --'")]
    [InlineData("tags.team ILIKE '%''; DROP TABLE runs; --'")]
    [InlineData("metrics.`" + Injection + "` > 0")]
    [InlineData("attributes.run_name = 'x''); DROP TABLE runs; --'")]
    [InlineData("datasets.hash = 'x''; DROP TABLE runs; --'")]
    public void Injected_sql_in_keys_and_values_is_only_data(string filter)
    {
        var search = new RunSearch(["1"], filter, ["params.`" + Injection + "` DESC", "tags.`" + Injection + "`"]);

        Assert.Empty(_db.Find(search));
        foreach (var dialect in new[] { SqlDialect.Sqlite, SqlDialect.Postgres })
        {
            var query = RunSearchSql.Build(search, dialect);
            Assert.DoesNotContain("DROP", query.Text, StringComparison.OrdinalIgnoreCase);
            Assert.Contains(query.Parameters, p => p.Value is string s && s.Contains("DROP TABLE runs", StringComparison.Ordinal));
        }

        Assert.Equal(7, _db.Count("runs"));
    }

    [Fact]
    public void An_injected_order_key_orders_nothing_and_drops_nothing()
    {
        Assert.Equal(["run5", "run4", "run3", "run2", "run1"], Find(null, "metrics.`" + Injection + "`"));
        Assert.Equal(7, _db.Count("runs"));
    }
}
