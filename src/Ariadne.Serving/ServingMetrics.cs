using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Ariadne.Monitoring;

namespace Ariadne.Serving;

/// <summary>
/// The serving counters, written as Prometheus text exposition format (version 0.0.4) by <c>GET /metrics</c>: requests
/// by path and status, errors, rows predicted, a latency histogram of <c>/predict</c>, the served version, model
/// switches, and the prediction log's queue and rows written.
/// </summary>
internal sealed class ServingMetrics
{
    /// <summary>Upper bounds of the latency buckets, in seconds.</summary>
    public static readonly double[] Buckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly ConcurrentDictionary<(string Path, int Status), long> _requests = new();
    private readonly long[] _bucketCounts = new long[Buckets.Length + 1];
    private long _latencyCount;
    private long _latencyMicros;
    private long _rows;
    private long _errors;
    private long _switches;

    public long Errors => Interlocked.Read(ref _errors);

    public void Request(string path, int status)
    {
        _requests.AddOrUpdate((path, status), 1, (_, n) => n + 1);
        if (status >= 400)
        {
            Interlocked.Increment(ref _errors);
        }
    }

    public void Predicted(int rows, TimeSpan elapsed)
    {
        Interlocked.Add(ref _rows, rows);
        ObserveLatency(elapsed);
    }

    public void ObserveLatency(TimeSpan elapsed)
    {
        var seconds = elapsed.TotalSeconds;
        var i = 0;
        while (i < Buckets.Length && seconds > Buckets[i])
        {
            i++;
        }

        Interlocked.Increment(ref _bucketCounts[i]);
        Interlocked.Increment(ref _latencyCount);
        Interlocked.Add(ref _latencyMicros, (long)(elapsed.Ticks / 10));
    }

    public void Switched() => Interlocked.Increment(ref _switches);

    public string Render(ServedModel model, string? alias, PredictionLogger? log)
    {
        long logQueue = log?.QueueLength ?? 0, logRows = log?.RowsLogged ?? 0, logFiles = log?.FilesWritten ?? 0, logFailures = log?.FlushFailures ?? 0, logDropped = log?.Dropped ?? 0;
        var text = new StringBuilder();
        var labels = $"model=\"{Escape(model.Name)}\"";
        Header(text, "ariadne_serve_requests_total", "counter", "HTTP requests answered, by path and status code.");
        foreach (var ((path, status), count) in _requests.OrderBy(r => r.Key.Path, StringComparer.Ordinal).ThenBy(r => r.Key.Status))
        {
            text.Append(CultureInfo.InvariantCulture, $"ariadne_serve_requests_total{{path=\"{Escape(path)}\",status=\"{status}\"}} {count}\n");
        }

        Header(text, "ariadne_serve_errors_total", "counter", "Requests answered with a 4xx or 5xx status.");
        text.Append(CultureInfo.InvariantCulture, $"ariadne_serve_errors_total {Errors}\n");
        Header(text, "ariadne_serve_rows_predicted_total", "counter", "Rows predicted.");
        text.Append(CultureInfo.InvariantCulture, $"ariadne_serve_rows_predicted_total{{{labels}}} {Interlocked.Read(ref _rows)}\n");
        Header(text, "ariadne_serve_predict_latency_seconds", "histogram", "Time to answer POST /predict requests that predicted, in seconds.");
        long cumulative = 0;
        for (var i = 0; i < Buckets.Length; i++)
        {
            cumulative += Interlocked.Read(ref _bucketCounts[i]);
            text.Append(CultureInfo.InvariantCulture, $"ariadne_serve_predict_latency_seconds_bucket{{le=\"{Buckets[i].ToString("R", CultureInfo.InvariantCulture)}\"}} {cumulative}\n");
        }

        cumulative += Interlocked.Read(ref _bucketCounts[Buckets.Length]);
        text.Append(CultureInfo.InvariantCulture, $"ariadne_serve_predict_latency_seconds_bucket{{le=\"+Inf\"}} {cumulative}\n");
        text.Append(CultureInfo.InvariantCulture, $"ariadne_serve_predict_latency_seconds_sum {(Interlocked.Read(ref _latencyMicros) / 1e6).ToString("R", CultureInfo.InvariantCulture)}\n");
        text.Append(CultureInfo.InvariantCulture, $"ariadne_serve_predict_latency_seconds_count {Interlocked.Read(ref _latencyCount)}\n");
        Header(text, "ariadne_serve_model_version", "gauge", "The model version answering now.");
        text.Append(CultureInfo.InvariantCulture, $"ariadne_serve_model_version{{{labels}}} {model.Version}\n");
        Header(text, "ariadne_serve_model_info", "gauge", "The model served now (value 1), with its name, version and alias as labels.");
        text.Append(CultureInfo.InvariantCulture, $"ariadne_serve_model_info{{{labels},version=\"{model.Version}\",alias=\"{Escape(alias ?? "")}\"}} 1\n");
        Header(text, "ariadne_serve_model_switches_total", "counter", "Times the served version changed because the alias moved.");
        text.Append(CultureInfo.InvariantCulture, $"ariadne_serve_model_switches_total {Interlocked.Read(ref _switches)}\n");
        Header(text, "ariadne_serve_prediction_log_queue_length", "gauge", "Predicted rows waiting to be written to the prediction log.");
        text.Append(CultureInfo.InvariantCulture, $"ariadne_serve_prediction_log_queue_length {logQueue}\n");
        Header(text, "ariadne_serve_prediction_log_rows_total", "counter", "Predicted rows written to the prediction log.");
        text.Append(CultureInfo.InvariantCulture, $"ariadne_serve_prediction_log_rows_total {logRows}\n");
        Header(text, "ariadne_serve_prediction_log_files_total", "counter", "Parquet batches written to the prediction log.");
        text.Append(CultureInfo.InvariantCulture, $"ariadne_serve_prediction_log_files_total {logFiles}\n");
        Header(text, "ariadne_serve_prediction_log_failures_total", "counter", "Prediction log flushes that failed (their rows were kept for the next one).");
        text.Append(CultureInfo.InvariantCulture, $"ariadne_serve_prediction_log_failures_total {logFailures}\n");
        Header(text, "ariadne_serve_prediction_log_failing", "gauge", "1 while the tracking store cannot be written (rows are kept and tried again), else 0.");
        text.Append(CultureInfo.InvariantCulture, $"ariadne_serve_prediction_log_failing {(log is { Failing: true } ? 1 : 0)}\n");
        Header(text, "ariadne_serve_prediction_log_dropped_total", "counter", "Predicted rows answered but not logged because the log's queue was full (the store was away too long).");
        text.Append(CultureInfo.InvariantCulture, $"ariadne_serve_prediction_log_dropped_total {logDropped}\n");
        Header(text, "ariadne_serve_prediction_log_seconds_total", "counter", "What the prediction log cost: part=\"copy\" is the CPU time requests spent copying their rows into the log, on the request path (estimated from every 16th copy on Linux, wall-clock time elsewhere), part=\"writer\" the CPU time of the log's writer thread (Parquet, the store; Linux only).");
        text.Append(CultureInfo.InvariantCulture, $"ariadne_serve_prediction_log_seconds_total{{part=\"copy\"}} {Seconds(log?.CopyTime ?? TimeSpan.Zero)}\n");
        if (log is null || log.WriterCpuTime is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"ariadne_serve_prediction_log_seconds_total{{part=\"writer\"}} {Seconds(log?.WriterCpuTime ?? TimeSpan.Zero)}\n");
        }

        Header(text, "process_cpu_seconds_total", "counter", "CPU time of the serving process, user and system (as Prometheus client libraries report it).");
        using (var process = System.Diagnostics.Process.GetCurrentProcess())
        {
            text.Append(CultureInfo.InvariantCulture, $"process_cpu_seconds_total {Seconds(process.TotalProcessorTime)}\n");
        }
        return text.ToString();
    }

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("R", CultureInfo.InvariantCulture);

    private static void Header(StringBuilder text, string name, string type, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append("\n# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
