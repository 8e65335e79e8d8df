using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Ariadne.Bench.ServerLoad;

/// <summary>
/// N concurrent clients log metrics to a tracking server for a fixed time, each into its own run, either in batches
/// (runs/log-batch, MLflow's limit of 1000 metrics) or one metric per request (runs/log-metric, what MLflow clients do
/// by default). Afterwards every run's history is read back and counted. Prints one Markdown table row.
/// Usage: --url URL --label TEXT [--clients 32] [--seconds 30] [--mode batch|single] [--batch 1000]
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var options = Options.Parse(args);
        var url = options.Url.TrimEnd('/') + "/api/2.0/mlflow/";
        using var setup = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };
        var experiment = (await PostAsync(setup, "experiments/create", $$"""{"name": "load-{{options.Mode}}-{{Guid.NewGuid():N}}"}""")).GetProperty("experiment_id").GetString()!;
        var runs = new string[options.Clients];
        for (var i = 0; i < runs.Length; i++)
        {
            runs[i] = (await PostAsync(setup, "runs/create", $$"""{"experiment_id": "{{experiment}}", "run_name": "client-{{i}}", "start_time": {{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}}}"""))
                .GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!;
        }

        var deadline = Stopwatch.StartNew();
        var duration = TimeSpan.FromSeconds(options.Seconds);
        var clients = Enumerable.Range(0, options.Clients).Select(i => Task.Run(() => ClientAsync(url, runs[i], options, deadline, duration))).ToArray();
        var results = await Task.WhenAll(clients);
        var elapsed = deadline.Elapsed;

        long found = 0;
        foreach (var run in runs)
        {
            var history = await GetAsync(setup, $"metrics/get-history?run_id={run}&metric_key=loss");
            found += history.TryGetProperty("metrics", out var metrics) ? metrics.GetArrayLength() : 0;
        }

        var latencies = results.SelectMany(r => r.Latencies).Order().ToArray();
        var sent = results.Sum(r => r.Points);
        var errors = results.Sum(r => r.Errors);
        var requests = latencies.Length;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {options.Label} | {(options.Mode == "batch" ? $"log-batch ({options.Batch})" : "log-metric (1)")} | {options.Clients} | {elapsed.TotalSeconds:F1} | {requests:N0} | {errors} | {sent:N0} | {found:N0} | {(found == sent && errors == 0 ? "yes" : "NO")} | {sent / elapsed.TotalSeconds:N0} | {Percentile(latencies, 0.50):F1} | {Percentile(latencies, 0.99):F1} |"));
        return found == sent && errors == 0 ? 0 : 1;
    }

    private static async Task<ClientResult> ClientAsync(string url, string runId, Options options, Stopwatch clock, TimeSpan duration)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(2) };
        var result = new ClientResult();
        long step = 0;
        while (clock.Elapsed < duration)
        {
            var count = options.Mode == "batch" ? options.Batch : 1;
            var body = options.Mode == "batch" ? Batch(runId, step, count) : Single(runId, step);
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                using var response = await http.PostAsync(options.Mode == "batch" ? "runs/log-batch" : "runs/log-metric", content);
                await response.Content.ReadAsByteArrayAsync();
                if (response.IsSuccessStatusCode)
                {
                    result.Points += count;
                    step += count;
                }
                else
                {
                    result.Errors++;
                }
            }
            catch (HttpRequestException)
            {
                result.Errors++;
            }
            catch (TaskCanceledException)
            {
                result.Errors++;
            }

            result.Latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return result;
    }

    private static string Batch(string runId, long firstStep, int count)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var builder = new StringBuilder(count * 70 + 100).Append("{\"run_id\": \"").Append(runId).Append("\", \"metrics\": [");
        for (var i = 0; i < count; i++)
        {
            var step = firstStep + i;
            builder.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $"{{\"key\": \"loss\", \"value\": {1.0 / (step + 1):R}, \"timestamp\": {now}, \"step\": {step}}}");
        }

        return builder.Append("]}").ToString();
    }

    private static string Single(string runId, long step) => string.Create(CultureInfo.InvariantCulture,
        $"{{\"run_id\": \"{runId}\", \"key\": \"loss\", \"value\": {1.0 / (step + 1):R}, \"timestamp\": {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}, \"step\": {step}}}");

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static async Task<JsonElement> PostAsync(HttpClient http, string path, string json)
    {
        using var response = await http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? JsonDocument.Parse(text).RootElement.Clone() : throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {text}");
    }

    private static async Task<JsonElement> GetAsync(HttpClient http, string path)
    {
        var text = await http.GetStringAsync(path);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private sealed class ClientResult
    {
        public List<double> Latencies { get; } = [];

        public long Points { get; set; }

        public long Errors { get; set; }
    }

    private sealed record Options(string Url, string Label, int Clients, int Seconds, string Mode, int Batch)
    {
        public static Options Parse(string[] args)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i + 1 < args.Length; i += 2)
            {
                map[args[i].TrimStart('-')] = args[i + 1];
            }

            string Get(string key, string fallback) => map.TryGetValue(key, out var v) ? v : fallback;
            return new Options(
                map.TryGetValue("url", out var url) ? url : throw new ArgumentException("--url is required"),
                Get("label", "server"),
                int.Parse(Get("clients", "32"), CultureInfo.InvariantCulture),
                int.Parse(Get("seconds", "30"), CultureInfo.InvariantCulture),
                Get("mode", "batch"),
                int.Parse(Get("batch", "1000"), CultureInfo.InvariantCulture));
        }
    }
}
