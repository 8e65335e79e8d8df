using System.Text;
using System.Text.Json;
using Ariadne.Data.Drift;

namespace Ariadne.Monitoring;

/// <summary>What <c>ariadne monitor run</c> found for one model version, window by window; written as <c>monitor/report.json</c>.</summary>
internal sealed record MonitorReport(
    string Model,
    int Version,
    MonitorWindow Window,
    string ReferenceSource,
    long ReferenceRows,
    IReadOnlyList<string> Features,
    bool Classifier,
    long Rows,
    int Batches,
    IReadOnlyList<WindowResult> Windows,
    IReadOnlyList<string> Notes)
{
    public string ToJson(bool indented = false)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            Write(w);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public void Write(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("model", Model);
        w.WriteNumber("version", Version);
        w.WriteString("window", Window.Text);
        w.WriteString("kind", Classifier ? "classifier" : "regressor");
        w.WriteNumber("rows", Rows);
        w.WriteNumber("batches", Batches);
        w.WriteStartObject("reference");
        w.WriteString("source", ReferenceSource);
        w.WriteNumber("rows", ReferenceRows);
        w.WriteEndObject();
        w.WriteStartArray("features");
        foreach (var f in Features)
        {
            w.WriteStringValue(f);
        }

        w.WriteEndArray();
        w.WriteStartArray("windows");
        foreach (var window in Windows)
        {
            w.WriteStartObject();
            w.WriteNumber("index", window.Index);
            w.WriteNumber("start", window.Start);
            w.WriteNumber("end", window.End);
            w.WriteNumber("rows", window.Rows);
            w.WriteNumber("drift_share", window.DriftShare);
            w.WriteStartArray("drift");
            foreach (var d in window.Drift)
            {
                w.WriteStartObject();
                w.WriteString("feature", d.Column);
                WriteTest(w, d);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (window.PredictionDrift is { } p)
            {
                w.WriteStartObject("prediction_drift");
                WriteTest(w, p);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("prediction_drift");
            }

            if (window.Performance is { } perf)
            {
                w.WriteStartObject("performance");
                w.WriteNumber("labelled_rows", perf.LabelledRows);
                Number(w, "accuracy", perf.Accuracy);
                Number(w, "f1", perf.F1);
                Number(w, "auc", perf.Auc);
                if (perf.AucNote is { } why)
                {
                    w.WriteString("auc_note", why);
                }

                Number(w, "rmse", perf.Rmse);
                Number(w, "mae", perf.Mae);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("performance");
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("notes");
        foreach (var n in Notes)
        {
            w.WriteStringValue(n);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteTest(Utf8JsonWriter w, ColumnDrift d)
    {
        w.WriteString("test", d.Test.Name());
        Number(w, "statistic", d.Statistic);
        Number(w, "p_value", d.PValue);
        w.WriteNumber("threshold", d.Threshold);
        w.WriteBoolean("drifted", d.Drifted);
    }

    private static void Number(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
