using System.Globalization;
using Ariadne.Data.Drift;

namespace Ariadne.Monitoring;

/// <summary>One time window of the prediction log: its rows, each feature's drift test, prediction drift and, once labelled, the model's metrics.</summary>
internal sealed record WindowResult(int Index, long Start, long End, long Rows, IReadOnlyList<ColumnDrift> Drift, ColumnDrift? PredictionDrift, WindowPerformance? Performance)
{
    /// <summary>The share of tested features that drifted (0 when none could be tested).</summary>
    public double DriftShare => Drift.Count == 0 ? 0 : (double)Drift.Count(d => d.Drifted) / Drift.Count;

    /// <summary>The window's metrics by the names the store and alert rules use (spec: docs/monitoring.md).</summary>
    public IReadOnlyDictionary<string, double> Metrics()
    {
        var m = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["rows"] = Rows,
            ["drift_share"] = DriftShare,
        };
        foreach (var d in Drift)
        {
            m[$"drift.{d.Column}"] = Finite(d.Score);
            m[$"drifted.{d.Column}"] = d.Drifted ? 1 : 0;
        }

        if (PredictionDrift is { } p)
        {
            m["prediction_drift"] = Finite(p.Score);
            m["prediction_drifted"] = p.Drifted ? 1 : 0;
        }

        if (Performance is { } perf)
        {
            m["labelled_rows"] = perf.LabelledRows;
            Add("accuracy", perf.Accuracy);
            Add("f1", perf.F1);
            Add("auc", perf.Auc);
            Add("rmse", perf.Rmse);
            Add("mae", perf.Mae);
        }

        return m;

        void Add(string key, double? value)
        {
            if (value is { } v && double.IsFinite(v))
            {
                m[key] = v;
            }
        }
    }

    private static double Finite(double v) => double.IsFinite(v) ? v : 0;

    /// <summary>The window's start in UTC, to the minute, or to the second for windows that are not whole minutes long (a <c>5s</c> window).</summary>
    public string StartText => DateTimeOffset.FromUnixTimeMilliseconds(Start).UtcDateTime.ToString((End - Start) % 60_000 == 0 ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
