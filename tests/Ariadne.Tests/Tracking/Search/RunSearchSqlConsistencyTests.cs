using System.Globalization;
using Ariadne.Tracking;
using Ariadne.Tracking.Search;

namespace Ariadne.Tests.Tracking.Search;

/// <summary>
/// Many generated searches over a generated store, with ties, NaN and missing keys: every query shape finds the same
/// runs in the same order, and paging through with tokens gives exactly the one-page result.
/// </summary>
public sealed class RunSearchSqlConsistencyTests : IDisposable
{
    private static readonly string[] Metrics = ["m1", "m2", "val loss"];
    private static readonly string[] Values = ["a", "A", "b", "ab", "a_b", "a%"];

    private readonly SearchDatabase _db = new();
    private readonly Random _random = new(20240611);

    public RunSearchSqlConsistencyTests()
    {
        for (var i = 0; i < 60; i++)
        {
            var id = $"run{i:D2}";
            _db.Run(
                id,
                start: 1000 + (_random.Next(20) * 10),
                name: $"name{_random.Next(10)}",
                status: i % 7 == 0 ? "FAILED" : "FINISHED",
                end: i % 5 == 0 ? null : 5000 + i,
                experimentId: i % 10 == 0 ? 2 : 1,
                stage: i % 13 == 0 ? "deleted" : "active");
            foreach (var metric in Metrics)
            {
                switch (_random.Next(10))
                {
                    case 0:
                        break;
                    case 1:
                        _db.Metric(id, metric, double.NaN);
                        break;
                    default:
                        _db.Metric(id, metric, _random.Next(6) / 4.0);
                        break;
                }
            }

            if (_random.Next(5) > 0)
            {
                _db.Param(id, "p", Values[_random.Next(Values.Length)]);
            }

            if (_random.Next(3) > 0)
            {
                _db.Tag(id, "t", Values[_random.Next(Values.Length)]);
            }

            if (_random.Next(2) > 0)
            {
                _db.Input(id, $"hash{_random.Next(3)}", _random.Next(2) == 0 ? "train" : "test");
            }
        }
    }

    [Fact]
    public void A_selective_metric_comparison_drives_when_the_param_equality_before_it_matches_too_many_runs()
    {
        using var db = new SearchDatabase();
        for (var i = 0; i < 50; i++)
        {
            var id = $"r{i:D2}";
            db.Run(id, start: 1000 + i, name: id, status: "FINISHED", end: 2000, experimentId: 1, stage: "active");
            db.Param(id, "p", "x");
            db.Metric(id, "m", i / 50.0);
            db.Metric(id, "order", (i * 7) % 50);
        }

        var search = new RunSearch(["1"], "params.p = 'x' and metrics.m > 0.9", ["metrics.order DESC"]);
        // Threshold 10: the param's probe reaches it (50 runs), the metric's does not (4 runs), so the metric drives.
        var query = RunSearchSql.Build(search, SqlDialect.Sqlite, planned: true, driveThreshold: 10);

        Assert.Contains("probe1 AS (", query.Text, StringComparison.Ordinal);
        Assert.Equal(["r49", "r48", "r47", "r46"], db.Ids(query)); // order values 43, 36, 29, 22
        Assert.Equal(db.Ids(search, SearchDatabase.Shape.Plain), db.Ids(query));
    }

    public void Dispose() => _db.Dispose();

    private string Comparison() => _random.Next(9) switch
    {
        0 or 1 => $"metrics.`{Pick(Metrics)}` {Pick(["=", "!=", "<", "<=", ">", ">="])} {(_random.Next(6) / 4.0).ToString(CultureInfo.InvariantCulture)}",
        2 or 3 => $"params.p {Pick(["=", "!=", "LIKE", "ILIKE"])} '{Pick(Values)}'",
        4 => $"tags.t {Pick(["IN", "NOT IN"])} ('{Pick(Values)}', '{Pick(Values)}')",
        5 => $"tags.t {Pick(["=", "ILIKE", "LIKE"])} '{Pick(["a%", "%b", "_", "A%"])}'",
        6 => $"datasets.{Pick(["hash = 'hash1'", "role = 'train'", "hash IN ('hash0', 'hash2')"])}",
        7 => $"attributes.{Pick(["status = 'FAILED'", "end_time > 5020", "run_name LIKE 'name1%'", "start_time >= 1100"])}",
        _ => "attributes.status != 'KILLED'",
    };

    private string Filter(int depth) => (depth > 2 ? 9 : _random.Next(5)) switch
    {
        0 => $"({Filter(depth + 1)} OR {Filter(depth + 1)})",
        1 => $"{Filter(depth + 1)} AND {Filter(depth + 1)}",
        _ => Comparison(),
    };

    private string[] OrderBy() => _random.Next(8) switch
    {
        0 => [],
        1 => [$"metrics.`{Pick(Metrics)}` {Pick(["ASC", "DESC"])}"],
        2 => [$"metrics.`{Pick(Metrics)}`", $"metrics.`{Pick(Metrics)}` DESC"],
        3 => [$"params.p {Pick(["ASC", "DESC"])}", "attributes.end_time"],
        4 => [$"tags.t {Pick(["ASC", "DESC"])}", "metrics.m1"],
        5 => ["attributes.end_time DESC", $"metrics.`{Pick(Metrics)}`"],
        6 => [$"attributes.run_name {Pick(["ASC", "DESC"])}"],
        _ => ["metrics.m2 DESC", "params.p"],
    };

    private string Pick(string[] items) => items[_random.Next(items.Length)];

    [Fact]
    public void Every_shape_and_every_paging_agree()
    {
        var (found, severalPages) = (0, 0);
        for (var i = 0; i < 150; i++)
        {
            var orderBy = OrderBy().DistinctBy(item => item.Split(' ')[0]).ToArray();
            var search = new RunSearch(
                i % 9 == 0 ? ["1", "2"] : ["1"],
                _random.Next(6) == 0 ? null : Filter(0),
                orderBy,
                MaxResults: 1 + _random.Next(8),
                ViewType: i % 11 == 0 ? ViewType.All : ViewType.ActiveOnly);
            var all = _db.Find(search with { MaxResults = 1000 });

            var paged = new List<string>();
            var next = search;
            for (var page = 0; page < 100; page++)
            {
                var (ids, token) = _db.Page(next);
                paged.AddRange(ids);
                if (token is null)
                {
                    break;
                }

                severalPages += page == 0 ? 1 : 0;
                next = next with { PageToken = token };
            }

            Assert.True(all.SequenceEqual(paged), $"Paging differs for {search.Filter} ORDER BY {string.Join(", ", orderBy)}");
            found += all.Count > 0 ? 1 : 0;
        }

        // The generated searches are not trivial: most find runs, many need several pages.
        Assert.InRange(found, 90, 150);
        Assert.InRange(severalPages, 60, 150);
    }
}
