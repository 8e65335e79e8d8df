// Web UI benchmark: time to first render, in Debian's Chromium, of (1) the runs table of an experiment of 10,000 runs
// nested in families of ten (a parent and its nine children, as a sweep and its trials), sorted by a metric with four
// chosen columns, in its default view (every metric and param a column, children collapsed under their parents) and
// with the page's parents expanded, and (2) a chart of 5 runs x 100,000 points, each against a baseline measured in the same browser and run:
// (1) the search request the table makes, alone (fetch + JSON parse), (2) the same chart drawn from every point
// (the "all points" switch: what a UI without server-side downsampling draws). Prints a Markdown report.
using System.Diagnostics;
using System.Globalization;
using Ariadne.Server;
using Ariadne.Storage.Sqlite;
using Ariadne.Tracking;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

var work = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "ariadne-bench-ui");
var repeat = int.Parse(Environment.GetEnvironmentVariable("REPEAT") ?? "7", CultureInfo.InvariantCulture);
const string Chromium = "/usr/lib/chromium/chromium";
const int Runs = 10_000;
const int ChartRuns = 5;
const int Points = 100_000;
const int Family = 10;
Directory.CreateDirectory(work);
var database = Path.Combine(work, "ui-bench.db");
File.Delete(database);

var seed = Stopwatch.StartNew();
await using var store = SqliteStore.Open(database);
var experiment = await store.CreateExperimentAsync("generated-10k", null, CancellationToken.None);
var charts = await store.CreateExperimentAsync("charts", null, CancellationToken.None);
var chartRunIds = new List<string>();
for (var r = 0; r < ChartRuns; r++)
{
    var run = await store.CreateRunAsync(new NewRun(charts, $"curve-{r}", 1_700_000_000_000, "bench"), CancellationToken.None);
    var points = Enumerable.Range(0, Points).Select(i => new Metric("loss", (2.0 / (1 + (i / 1000.0))) + (0.05 * Math.Sin((i + (r * 700)) / 50.0)), 1_700_000_000_000 + i, i)).ToList();
    await store.LogBatchAsync(run.RunId, points, [], [], CancellationToken.None);
    chartRunIds.Add(run.RunId);
}

using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
{
    connection.Open();
    using var transaction = connection.BeginTransaction();
    using var command = connection.CreateCommand();
    command.Transaction = transaction;
    command.CommandText =
        """
        WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < @count)
        INSERT INTO runs (run_id, experiment_id, name, status, start_time, end_time, lifecycle_stage, parent_run_id, user_id, artifact_uri)
        SELECT printf('%032x', 1000000 + i), @experiment, printf('gen-%05d', i), 'FINISHED', 1700000000000 + i * 1000, 1700000000000 + i * 1000 + 60000, 'active',
               CASE WHEN i % @family = 0 THEN NULL ELSE printf('%032x', 1000000 + i - i % @family) END, 'bench', '' FROM n;
        INSERT INTO params (run_id, key, value) SELECT run_id, 'p' || k.k, CAST((CAST(substr(name, 5) AS INTEGER) + k.k) % 10 AS TEXT)
          FROM runs, (SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) k WHERE experiment_id = @experiment;
        INSERT INTO latest_metrics (run_id, key, step, timestamp, value, is_nan)
          SELECT run_id, 'm' || k.k, 0, start_time, ((CAST(substr(name, 5) AS INTEGER) * 7919 + k.k * 13) % 10000) / 10000.0, 0
          FROM runs, (SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4) k WHERE experiment_id = @experiment;
        """;
    command.Parameters.AddWithValue("@count", Runs);
    command.Parameters.AddWithValue("@family", Family);
    command.Parameters.AddWithValue("@experiment", long.Parse(experiment, CultureInfo.InvariantCulture));
    command.ExecuteNonQuery();
    transaction.Commit();
}

seed.Stop();
await using var server = await TrackingServer.StartAsync(new TrackingServerOptions { Store = store, Port = 0 });
using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
{
    ExecutablePath = Chromium,
    Headless = true,
    Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
var version = browser.Version;
string Url(string fragment) => new Uri(server.Address, "/#" + fragment).ToString();

// Every measurement opens a fresh page (cold page, warm server) and times from navigation to the rendered element.
async Task<double> TimeAsync(string fragment, string readyScript)
{
    var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
    var page = await context.NewPageAsync();
    var clock = Stopwatch.StartNew();
    await page.GotoAsync(Url(fragment));
    await page.WaitForFunctionAsync(readyScript, null, new PageWaitForFunctionOptions { Timeout = 120_000, PollingInterval = 5 });
    var elapsed = clock.Elapsed.TotalMilliseconds;
    await context.CloseAsync();
    return elapsed;
}

async Task<double> FetchAsync(string script)
{
    var context = await browser.NewContextAsync();
    var page = await context.NewPageAsync();
    await page.GotoAsync(new Uri(server.Address, "/health").ToString());
    var ms = await page.EvaluateAsync<double>(script);
    await context.CloseAsync();
    return ms;
}

static (double Median, double P90) Stats(List<double> samples)
{
    var sorted = samples.Order().ToList();
    return (sorted[sorted.Count / 2], sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(0.9 * sorted.Count) - 1)]);
}

var table = $"/experiments/{experiment}?order=metrics.m0%20DESC&cols=params.p0,params.p1,metrics.m0,metrics.m1";
// The page info is mounted with the table it describes: once it reads "Runs 1–100", the page's rows are drawn.
const string TableReady = "document.querySelector('#page-info')?.textContent === 'Runs 1–100' && document.querySelectorAll('#runs tbody tr').length > 0";
var nested = $"/experiments/{experiment}";
// The newest 100 runs are ten families: ten parent rows, each with its nine children under it once expanded.
var parents = Enumerable.Range(0, 10).Select(f => (1_000_000 + Runs - Family - (f * Family)).ToString("x32", CultureInfo.InvariantCulture)).ToList();
var expanded = $"/experiments/{experiment}?open={string.Join(',', parents)}";
const string NestedReady = "document.querySelector('#page-info')?.textContent === 'Runs 1–100' && document.querySelectorAll('#runs tbody tr').length === 10";
const string ExpandedReady = "document.querySelector('#page-info')?.textContent === 'Runs 1–100' && document.querySelectorAll('#runs tbody tr').length === 100";
var compare = $"/compare?runs={string.Join(',', chartRunIds)}&metric=loss";
const string ChartReady = "(() => { const c = document.querySelector('#chart-area .chart[data-rendered=\"true\"]'); return !!c && c.chart.getOption().series.length === 5; })()";
var searchScript = $$"""
    async () => {
      const t0 = performance.now();
      const r = await fetch('/api/ariadne/runs/search', { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ experiment_ids: ['{{experiment}}'], order_by: ['metrics.m0 DESC'], max_results: 100 }) });
      const json = await r.json();
      if (json.runs.length !== 100) throw new Error('expected 100 runs');
      return performance.now() - t0;
    }
    """;

var results = new Dictionary<string, List<double>> { ["table"] = [], ["nested"] = [], ["expanded"] = [], ["search"] = [], ["chart"] = [], ["chartAll"] = [] };
await TimeAsync(table, TableReady); // warm-up: JIT, server caches, browser cache of the scripts
await TimeAsync(nested, NestedReady);
await TimeAsync(compare, ChartReady);
for (var i = 0; i < repeat; i++)
{
    results["table"].Add(await TimeAsync(table, TableReady));
    results["nested"].Add(await TimeAsync(nested, NestedReady));
    results["expanded"].Add(await TimeAsync(expanded, ExpandedReady));
    results["search"].Add(await FetchAsync(searchScript));
    results["chart"].Add(await TimeAsync(compare, ChartReady));
    results["chartAll"].Add(await TimeAsync(compare + "&points=all", ChartReady));
}

var (tableMedian, tableP90) = Stats(results["table"]);
var (searchMedian, searchP90) = Stats(results["search"]);
var (nestedMedian, nestedP90) = Stats(results["nested"]);
var (expandedMedian, expandedP90) = Stats(results["expanded"]);
var (chartMedian, chartP90) = Stats(results["chart"]);
var (allMedian, allP90) = Stats(results["chartAll"]);
var inv = CultureInfo.InvariantCulture;
Console.WriteLine($"# Web UI benchmark, {DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", inv)} UTC");
Console.WriteLine();
Console.WriteLine($"Browser: Chromium {version} (Debian), headless, 1400x900; server: Ariadne TrackingServer over SQLite on 127.0.0.1; {repeat} timed runs after one warm-up each; a fresh page per run.");
Console.WriteLine($"Data: {Runs:N0} runs with 5 params and 5 metrics, nested in families of {Family} (seeded by SQL), {ChartRuns} runs x {Points:N0} points of 'loss' (LogBatchAsync); seeding took {seed.Elapsed.TotalSeconds:F1} s.");
Console.WriteLine();
Console.WriteLine("| What | Median ms | p90 ms | Ratio | Goal |");
Console.WriteLine("|---|---:|---:|---:|---|");
Console.WriteLine($"| Runs table of 10,000 nested runs: navigation to the first 100 drawn (sorted by a metric, 4 chosen columns) | {tableMedian:F0} | {tableP90:F0} | {tableMedian / searchMedian:F2} x the search alone | < 1000 ms |");
Console.WriteLine($"| The same table in its default view (10 metric and param columns, newest first: 10 parents, children collapsed) | {nestedMedian:F0} | {nestedP90:F0} | {nestedMedian / searchMedian:F2} x the search alone | < 1000 ms |");
Console.WriteLine($"| The default view with the 10 parents expanded (100 rows, 90 nested) | {expandedMedian:F0} | {expandedP90:F0} | {expandedMedian / searchMedian:F2} x the search alone | < 1000 ms |");
Console.WriteLine($"| The same search request alone, in the page (fetch + JSON) | {searchMedian:F0} | {searchP90:F0} | 1.00 | |");
Console.WriteLine($"| Chart of 5 runs x 100,000 points, downsampled on the server: navigation to the chart drawn | {chartMedian:F0} | {chartP90:F0} | {chartMedian / allMedian:F2} x all points | < 1000 ms |");
Console.WriteLine($"| The same chart from every point (500,000, the 'all points' switch) | {allMedian:F0} | {allP90:F0} | 1.00 | |");
