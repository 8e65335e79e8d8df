using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Ariadne.Registry;
using Ariadne.Tests.Serving;
using Ariadne.Tracking;
using Ariadne.Workspace;
using Microsoft.ML;

// bench/serve.sh: Ariadne.Bench.Serve ARIADNE_DLL WORK_DIR [SECONDS] [CLIENTS] [LOAD_SECONDS] [ROUNDS]
// PROFILE=1 bash bench/serve.sh: Ariadne.Bench.Serve --profile-log [ITERATIONS] (the log's own cost per row, in process)
if (args is ["--profile-log", ..])
{
    await Ariadne.Bench.Serve.LogProfile.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 300);
    return;
}

var ariadne = Path.GetFullPath(args[0]);
var work = args[1];
var seconds = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 10;
var clients = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 16;
var loadSeconds = args.Length > 4 ? double.Parse(args[4], CultureInfo.InvariantCulture) : 30;
var rounds = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 4;
var invariant = CultureInfo.InvariantCulture;
var loadAtStart = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?";

void Log(string message) => Console.Error.WriteLine($"[bench {DateTime.Now:HH:mm:ss}] {message}");

Directory.CreateDirectory(work);
DataWorkspace.Init(work);
Log("training the penguins classifier (two versions)");
var v1 = PenguinsModel.Train();
var v2 = PenguinsModel.Train(iterations: 3);
await using (var tracking = TrackingClient.Open(folder: work))
{
    var workspace = DataWorkspace.Open(work);
    await ModelRegistration.FromPathAsync(tracking.Store, workspace.Cache, v1.Save(Path.Combine(work, "m1", "model.zip")), "m1/model.zip", "penguins", "champion", null, null, default);
    await ModelRegistration.FromPathAsync(tracking.Store, workspace.Cache, v2.Save(Path.Combine(work, "m2", "model.zip")), "m2/model.zip", "penguins", null, null, null, default);
}

var rows = v1.Rows;
var bodies = rows.Select(r => JsonSerializer.Serialize(PenguinsModel.Json(r))).ToArray();
var batchBodies = Enumerable.Range(0, 20).Select(b => JsonSerializer.Serialize(Enumerable.Range(0, 100).Select(i => PenguinsModel.Json(rows[(b * 100 + i) % rows.Count])).ToList())).ToArray();
var results = new List<(string Name, double RowsPerSecond, double P50, double P99, string Note)>();

// 1. In process: one PredictionEngine per thread, as ML.NET advises (the engine is not thread-safe).
var threads = Environment.ProcessorCount;
{
    Log($"in-process PredictionEngine, single rows, {threads} threads, {seconds} s");
    var (count, latencies) = await Drive(threads, seconds, () =>
    {
        var engine = v1.Engine();
        var i = 0;
        return () =>
        {
            engine.Predict(rows[i++ % rows.Count].AsFeatures());
            return Task.FromResult(1);
        };
    });
    results.Add(("ML.NET PredictionEngine in process, 1 row/call", count / seconds, P(latencies, 50), P(latencies, 99), $"{threads} threads"));
}

{
    Log($"in-process PredictionEngine, 100 rows a call, {threads} threads, {seconds} s");
    var (count, latencies) = await Drive(threads, seconds, () =>
    {
        var engine = v1.Engine();
        var i = 0;
        return () =>
        {
            for (var k = 0; k < 100; k++)
            {
                engine.Predict(rows[i++ % rows.Count].AsFeatures());
            }

            return Task.FromResult(100);
        };
    });
    results.Add(("ML.NET PredictionEngine in process, 100 rows/call", count / seconds, P(latencies, 50), P(latencies, 99), $"{threads} threads"));
}

// 2. Over HTTP: two real 'ariadne serve' processes, one with the prediction log and one without, driven in turn:
// ROUNDS rounds in ABBA order (with log first in rounds 1, 4, 5, 8, ..., without log first in the others), so warm-up
// and the machine's drift fall on both. The ratio with / without is taken per round and the median reported.
var ratios = new List<(double Single, double Batch)>();
var cpuRatios = new List<(double Single, double Batch)>();
var cpuPerRow = new Dictionary<(bool Logging, bool Batch), List<double>>();
var logCosts = new Dictionary<bool, List<(double Share, double CopyMicros, double WriterMicros)>>();
// Batches: each server's CPU per row by thread (from /proc), for every round: what the log costs outside what it counts.
var threadCosts = new Dictionary<bool, List<Dictionary<string, double>>> { [true] = [], [false] = [] };
var rates = new Dictionary<string, List<(double Rate, double P50, double P99)>>(StringComparer.Ordinal);
{
    await using var withLog = await Serve([]);
    await using var withoutLog = await Serve(["--no-prediction-log"]);
    // Warm-up: tiered compilation keeps promoting methods for a long time under load, and a server measured before
    // that is slower for reasons that have nothing to do with what is compared. The log's writer runs once a flush,
    // so its methods reach their optimized code last: under perf, the server with the log was
    // still compiling 40 s in; its JIT thread used 3.4 s, 1.1 s, 0.17 s and 0.12 s of CPU in the first four 12 s cycles.
    for (var warm = 0; warm < 4; warm++)
    {
        await Drive(clients, 3, () => Single(withLog));
        await Drive(clients, 3, () => Single(withoutLog));
        await Drive(clients, 3, () => Batch(withLog));
        await Drive(clients, 3, () => Batch(withoutLog));
    }

    for (var round = 0; round < rounds; round++)
    {
        var logFirst = round % 4 is 0 or 3;
        var measured = new Dictionary<(bool Logging, bool Batch), double>();
        var cpu = new Dictionary<(bool Logging, bool Batch), double>();
        foreach (var batch in new[] { false, true })
        {
            foreach (var logging in logFirst ? new[] { true, false } : [false, true])
            {
                var serve = logging ? withLog : withoutLog;
                var label = logging ? "with prediction log" : "no prediction log";
                Log($"round {round + 1}/{rounds}: HTTP {(batch ? "batches of 100" : "single rows")}, {clients} clients, {seconds} s, {label}");
                var cpuBefore = serve.Cpu;
                var threadsBefore = serve.ThreadCpu();
                var costBefore = logging ? await serve.LogCostAsync() : default;
                var (count, latencies) = await Drive(clients, seconds, () => batch ? Batch(serve) : Single(serve));
                cpu[(logging, batch)] = (serve.Cpu - cpuBefore).TotalMicroseconds / Math.Max(1, count);
                if (batch)
                {
                    var threadsAfter = serve.ThreadCpu();
                    // Thread by thread: a thread that ended in the window is missing from the second reading (its CPU is
                    // lost), and subtracting it by kind made the thread pool's workers come out negative.
                    var byKind = new Dictionary<string, double>(StringComparer.Ordinal);
                    foreach (var (id, (kind, cpuTime)) in threadsAfter)
                    {
                        var since = cpuTime - (threadsBefore.TryGetValue(id, out var before) ? before.Cpu : TimeSpan.Zero);
                        byKind[kind] = byKind.GetValueOrDefault(kind) + (since.TotalMicroseconds / Math.Max(1, count));
                    }

                    threadCosts[logging].Add(byKind);
                    Log($"  CPU per row by thread: {string.Join(", ", threadCosts[logging][^1].Where(t => t.Value >= 0.005).OrderByDescending(t => t.Value).Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Key} {t.Value:0.000} µs")))}");
                }

                Log($"  {count / seconds:0} rows/s, server CPU {cpu[(logging, batch)]:0.00} µs a row");
                if (logging)
                {
                    // The log's own cost as the server counts it (/metrics): the copy on the request threads and the
                    // writer thread's CPU, against the whole process's CPU over the same seconds. One process, one
                    // interval: the machine's noise falls on both sides of the share.
                    var cost = (await serve.LogCostAsync()).Minus(costBefore);
                    if (!logCosts.TryGetValue(batch, out var costs))
                    {
                        logCosts[batch] = costs = [];
                    }

                    costs.Add((cost.Share, cost.Copy * 1e6 / Math.Max(1, count), cost.Writer * 1e6 / Math.Max(1, count)));
                    Log($"  the log's share of the server's CPU {cost.Share:P1}: copy {costs[^1].CopyMicros:0.00} µs, writer {costs[^1].WriterMicros:0.00} µs a row");
                }
                if (!cpuPerRow.TryGetValue((logging, batch), out var cpus))
                {
                    cpuPerRow[(logging, batch)] = cpus = [];
                }

                cpus.Add(cpu[(logging, batch)]);
                var name = $"ariadne serve over HTTP, {(batch ? "100 rows" : "1 row")}/request, {label}";
                if (!rates.TryGetValue(name, out var list))
                {
                    rates[name] = list = [];
                }

                list.Add((count / seconds, P(latencies, 50), P(latencies, 99)));
                measured[(logging, batch)] = count / seconds;
            }
        }

        ratios.Add((measured[(true, false)] / measured[(false, false)], measured[(true, true)] / measured[(false, true)]));
        cpuRatios.Add((cpu[(true, false)] / cpu[(false, false)], cpu[(true, true)] / cpu[(false, true)]));
        Log($"round {round + 1}: with / without log, throughput 1 row {ratios[^1].Single:0.000}, 100 rows {ratios[^1].Batch:0.000}; server CPU per row 1 row {cpuRatios[^1].Single:0.000}, 100 rows {cpuRatios[^1].Batch:0.000}");
    }

    await withLog.StopAsync();
    await withoutLog.StopAsync();
}

foreach (var (name, list) in rates)
{
    results.Add((name, Median(list.Select(l => l.Rate)), Median(list.Select(l => l.P50)), Median(list.Select(l => l.P99)), $"{clients} clients, median of {list.Count} rounds"));
}

// 3. 32 clients for LOAD_SECONDS with logging; the alias moves to version 2 a third of the way in.
string loadReport;
{
    await using var serve = await Serve(["--poll-interval", "1s"]);
    var answered = new ConcurrentDictionary<string, string>();
    var errors = 0L;
    var next = 0L;
    Log($"32 clients for {loadSeconds} s with an alias switch");
    var switcher = Task.Run(async () =>
    {
        await Task.Delay(TimeSpan.FromSeconds(loadSeconds / 3));
        await using var tracking = TrackingClient.Open(folder: work);
        await tracking.Store.SetModelAliasAsync("penguins", "champion", 2, default);
        Log("alias champion -> version 2");
    });
    var (count, latencies) = await Drive(32, loadSeconds, () => async () =>
    {
        var id = "load-" + Interlocked.Increment(ref next).ToString(invariant);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "predict") { Content = new StringContent(bodies[(int)(next % bodies.Length)], Encoding.UTF8, "application/json") };
            request.Headers.Add("X-Request-Id", id);
            using var response = await serve.Http.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Interlocked.Increment(ref errors);
                return 0;
            }

            answered[id] = response.Headers.GetValues("X-Model-Version").Single();
            return 1;
        }
        catch (HttpRequestException)
        {
            Interlocked.Increment(ref errors);
            return 0;
        }
    });
    await switcher;
    var runId = JsonDocument.Parse(await serve.Http.GetStringAsync("health")).RootElement.GetProperty("run_id").GetString()!;
    await serve.StopAsync();
    var logged = await LoggedIds(runId);
    var once = answered.Keys.Count(id => logged.GetValueOrDefault(id) == 1);
    var twice = logged.Count(l => l.Value > 1);
    var notAnswered = logged.Keys.Count(id => !answered.ContainsKey(id));
    var versions = answered.Values.GroupBy(v => v).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"v{g.Key}: {g.Count()}");
    loadReport = $"32 clients, {loadSeconds} s, alias switch at {loadSeconds / 3:0} s: {count} requests answered ({count / loadSeconds:0} /s, p50 {P(latencies, 50):0.0} ms, p99 {P(latencies, 99):0.0} ms), " +
        $"{errors} errors, answered by {string.Join(", ", versions)}; logged exactly once: {once} of {answered.Count}, logged twice: {twice}, logged but not answered: {notAnswered}.";
}

var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?";
var report = new StringBuilder();
report.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, load average at the start {loadAtStart}, at the end {load}; {seconds} s per measurement, server and load client on the same cores.");
report.AppendLine();
report.AppendLine("| what | rows/s | p50 ms | p99 ms | notes |");
report.AppendLine("| --- | ---: | ---: | ---: | --- |");
foreach (var r in results)
{
    report.AppendLine(CultureInfo.InvariantCulture, $"| {r.Name} | {r.RowsPerSecond:0} | {r.P50:0.00} | {r.P99:0.00} | {r.Note} |");
}

double Rate(string name) => results.First(r => r.Name.StartsWith(name, StringComparison.Ordinal)).RowsPerSecond;
report.AppendLine();
report.AppendLine(CultureInfo.InvariantCulture, $"- HTTP / in process, 1 row: {Rate("ariadne serve over HTTP, 1 row/request, with") / Rate("ML.NET PredictionEngine in process, 1 row"):0.000}; 100 rows: {Rate("ariadne serve over HTTP, 100 rows/request, with") / Rate("ML.NET PredictionEngine in process, 100 rows"):0.000}");
report.AppendLine(CultureInfo.InvariantCulture, $"- with log / without log throughput, median over {ratios.Count} ABBA rounds: 1 row {Median(ratios.Select(r => r.Single)):0.000} (rounds: {string.Join(", ", ratios.Select(r => r.Single.ToString("0.000", invariant)))}); 100 rows {Median(ratios.Select(r => r.Batch)):0.000} (rounds: {string.Join(", ", ratios.Select(r => r.Batch.ToString("0.000", invariant)))})");
report.AppendLine(CultureInfo.InvariantCulture, $"- server CPU per row (user + system, from /proc), median over the rounds: 1 row {Median(cpuPerRow[(true, false)]):0.0} µs with the log, {Median(cpuPerRow[(false, false)]):0.0} µs without; 100 rows {Median(cpuPerRow[(true, true)]):0.00} µs with, {Median(cpuPerRow[(false, true)]):0.00} µs without");
report.AppendLine(CultureInfo.InvariantCulture, $"- with log / without log server CPU per row, median over {cpuRatios.Count} rounds: 1 row {Median(cpuRatios.Select(r => r.Single)):0.000} (rounds: {string.Join(", ", cpuRatios.Select(r => r.Single.ToString("0.000", invariant)))}); 100 rows {Median(cpuRatios.Select(r => r.Batch)):0.000} (rounds: {string.Join(", ", cpuRatios.Select(r => r.Batch.ToString("0.000", invariant)))})");
report.AppendLine(CultureInfo.InvariantCulture, $"- the log's own cost in the server with the log, from its /metrics (ariadne_serve_prediction_log_seconds_total: the copy into the log's columns on the request threads plus the writer thread's CPU, over process_cpu_seconds_total), median over the rounds: 1 row {Median(logCosts[false].Select(c => c.Share)):P1} of the server's CPU (copy {Median(logCosts[false].Select(c => c.CopyMicros)):0.00} µs, writer {Median(logCosts[false].Select(c => c.WriterMicros)):0.00} µs a row; rounds: {string.Join(", ", logCosts[false].Select(c => c.Share.ToString("P1", CultureInfo.InvariantCulture)))}); 100 rows {Median(logCosts[true].Select(c => c.Share)):P1} (copy {Median(logCosts[true].Select(c => c.CopyMicros)):0.00} µs, writer {Median(logCosts[true].Select(c => c.WriterMicros)):0.00} µs a row; rounds: {string.Join(", ", logCosts[true].Select(c => c.Share.ToString("P1", CultureInfo.InvariantCulture)))})");
var threadKinds = threadCosts[true].Concat(threadCosts[false]).SelectMany(t => t.Keys).Distinct(StringComparer.Ordinal)
    .Select(kind => (Kind: kind, With: Median(threadCosts[true].Select(t => t.GetValueOrDefault(kind))), Without: Median(threadCosts[false].Select(t => t.GetValueOrDefault(kind)))))
    .Where(k => k.With >= 0.005 || k.Without >= 0.005).OrderByDescending(k => k.With - k.Without).ToList();
report.AppendLine(CultureInfo.InvariantCulture, $"- batches of 100, server CPU per row by thread (from /proc/PID/task, median over the rounds; threads named by their kind), with the log / without, µs: {string.Join("; ", threadKinds.Select(k => string.Create(CultureInfo.InvariantCulture, $"{k.Kind} {k.With:0.000} / {k.Without:0.000}")))}");
report.AppendLine(CultureInfo.InvariantCulture, $"- {loadReport}");
Console.WriteLine(report.ToString());
return;

Func<Task<int>> Single(ServeProcess serve)
{
    var i = Random.Shared.Next(bodies.Length);
    return async () =>
    {
        using var content = new StringContent(bodies[i++ % bodies.Length], Encoding.UTF8, "application/json");
        using var response = await serve.Http.PostAsync("predict", content);
        await response.Content.ReadAsByteArrayAsync();
        return response.StatusCode == HttpStatusCode.OK ? 1 : throw new InvalidOperationException($"predict answered {(int)response.StatusCode}");
    };
}

Func<Task<int>> Batch(ServeProcess serve)
{
    var i = Random.Shared.Next(batchBodies.Length);
    return async () =>
    {
        using var content = new StringContent(batchBodies[i++ % batchBodies.Length], Encoding.UTF8, "application/json");
        using var response = await serve.Http.PostAsync("predict", content);
        await response.Content.ReadAsByteArrayAsync();
        return response.StatusCode == HttpStatusCode.OK ? 100 : throw new InvalidOperationException($"predict answered {(int)response.StatusCode}");
    };
}

static async Task<(long Rows, List<double> LatenciesMs)> Drive(int workers, double forSeconds, Func<Func<Task<int>>> makeWorker)
{
    var until = Stopwatch.GetTimestamp() + (long)(forSeconds * Stopwatch.Frequency);
    var all = new ConcurrentBag<List<double>>();
    long rows = 0;
    var tasks = Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
    {
        var work = makeWorker();
        var mine = new List<double>();
        while (Stopwatch.GetTimestamp() < until)
        {
            var start = Stopwatch.GetTimestamp();
            var n = await work();
            mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            Interlocked.Add(ref rows, n);
        }

        all.Add(mine);
    })).ToList();
    await Task.WhenAll(tasks);
    return (rows, all.SelectMany(l => l).ToList());
}

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
}

static double P(List<double> values, double percentile)
{
    if (values.Count == 0)
    {
        return double.NaN;
    }

    values.Sort();
    return values[Math.Min(values.Count - 1, (int)Math.Ceiling(percentile / 100 * values.Count) - 1)];
}

async Task<ServeProcess> Serve(string[] extra)
{
    var info = new ProcessStartInfo("dotnet") { WorkingDirectory = work, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    foreach (var a in (string[])[ariadne, "serve", "models:/penguins@champion", "--port", "0", .. extra])
    {
        info.ArgumentList.Add(a);
    }

    var process = Process.Start(info)!;
    _ = process.StandardError.ReadToEndAsync();
    while (await process.StandardOutput.ReadLineAsync() is { } line)
    {
        var at = line.IndexOf(" at http://", StringComparison.Ordinal);
        if (line.StartsWith("Serving ", StringComparison.Ordinal) && at > 0)
        {
            _ = process.StandardOutput.ReadToEndAsync();
            var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
            return new ServeProcess(process, new HttpClient(handler) { BaseAddress = new Uri(line[(at + 4)..].Trim() + "/"), Timeout = TimeSpan.FromSeconds(60) });
        }
    }

    throw new InvalidOperationException("ariadne serve did not start; exit code " + (process.HasExited ? process.ExitCode : -1));
}

async Task<Dictionary<string, int>> LoggedIds(string runId)
{
    await using var tracking = TrackingClient.Open(folder: work);
    var cache = DataWorkspace.Open(work).Cache;
    var counts = new Dictionary<string, int>(StringComparer.Ordinal);
    foreach (var artifact in (await tracking.Store.ListArtifactsAsync(runId, default)).Where(a => a.Path.StartsWith("predictions/", StringComparison.Ordinal)))
    {
        // Read as any table (the batch is an Arrow file; the cache names it by its hash, so the format is given).
        using var reader = await Ariadne.Data.Reading.TableReader.OpenAsync(cache.PathOf(Ariadne.Content.ContentHash.Parse(artifact.Hash)), Ariadne.Data.Reading.TableFormat.Arrow, columns: ["request_id", "row"]);
        var request = reader.ColumnNames.ToList().IndexOf("request_id");
        var place = reader.ColumnNames.ToList().IndexOf("row");
        while (await reader.ReadBatchAsync() is { } batch)
        {
            // A row's id is its request id, or "{request_id}/{row}" for row i of a multi-row request (docs/serving.md).
            for (var r = 0; r < batch.RowCount; r++)
            {
                var requestId = batch.Columns[request].GetText(r)!;
                var id = batch.Columns[place].IsNull(r) ? requestId : $"{requestId}/{batch.Columns[place].GetText(r)}";
                counts[id] = counts.GetValueOrDefault(id) + 1;
            }
        }
    }

    return counts;
}

internal sealed class ServeProcess(Process process, HttpClient http) : IAsyncDisposable
{
    public HttpClient Http { get; } = http;

    /// <summary>The server process's CPU time so far (user and system), read from /proc.</summary>
    public TimeSpan Cpu
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    /// <summary>
    /// The server's threads now, by id: their kind (the name with digits dropped: ".NET TP Worker", "prediction log
    /// writer", ".NET BGC", the store's SQLite thread) and CPU time so far, from /proc/PID/task/*/stat in clock ticks
    /// of 10 ms.
    /// </summary>
    public Dictionary<int, (string Kind, TimeSpan Cpu)> ThreadCpu()
    {
        var threads = new Dictionary<int, (string Kind, TimeSpan Cpu)>();
        IEnumerable<string> tasks;
        try
        {
            tasks = Directory.EnumerateDirectories($"/proc/{process.Id}/task").ToList();
        }
        catch (IOException)
        {
            return threads;
        }

        foreach (var task in tasks)
        {
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(task, "stat"));
            }
            catch (IOException)
            {
                continue;
            }

            // pid (comm) state ppid ...: utime and stime are the 14th and 15th fields, the 12th and 13th after the name.
            var open = stat.IndexOf('(', StringComparison.Ordinal);
            var close = stat.LastIndexOf(')');
            var kind = string.Concat(stat[(open + 1)..close].Where(c => !char.IsAsciiDigit(c))).Trim();
            var fields = stat[(close + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            threads[int.Parse(stat[..open], CultureInfo.InvariantCulture)] = (kind, TimeSpan.FromMilliseconds(ticks * 10));
        }

        return threads;
    }

    /// <summary>What the server's /metrics say the prediction log has cost so far, next to the process's CPU time (seconds).</summary>
    public async Task<LogCost> LogCostAsync()
    {
        double copy = 0, writer = 0, total = 0;
        foreach (var line in (await Http.GetStringAsync("/metrics")).Split('\n'))
        {
            var value = line.Length > 0 && line[0] != '#' ? double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture) : 0;
            if (line.StartsWith("ariadne_serve_prediction_log_seconds_total{part=\"copy\"}", StringComparison.Ordinal))
            {
                copy = value;
            }
            else if (line.StartsWith("ariadne_serve_prediction_log_seconds_total{part=\"writer\"}", StringComparison.Ordinal))
            {
                writer = value;
            }
            else if (line.StartsWith("process_cpu_seconds_total ", StringComparison.Ordinal))
            {
                total = value;
            }
        }

        return new LogCost(copy, writer, total);
    }

    public async Task StopAsync()
    {
        if (process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Http.Dispose();
        process.Dispose();
    }
}

/// <summary>The prediction log's cost from a server's /metrics: the copy's time, the writer thread's CPU and the whole process's CPU (seconds).</summary>
internal readonly record struct LogCost(double Copy, double Writer, double Process)
{
    public double Share => Process > 0 ? (Copy + Writer) / Process : 0;

    public LogCost Minus(LogCost before) => new(Copy - before.Copy, Writer - before.Writer, Process - before.Process);
}
