using System.Text.Json;
using Ariadne.Tracking;

namespace Ariadne.Cli.Commands.Tracking;

/// <summary>A run as JSON, shaped like MLflow's Run message (info and data), plus inputs.</summary>
internal static class RunJson
{
    public static void Write(Utf8JsonWriter w, Run run, IReadOnlyList<RunArtifact>? artifacts = null, IReadOnlyDictionary<string, IReadOnlyList<Metric>>? histories = null)
    {
        var info = run.Info;
        w.WriteStartObject();
        w.WriteStartObject("info");
        w.WriteString("run_id", info.RunId);
        w.WriteString("run_name", info.RunName);
        w.WriteString("experiment_id", info.ExperimentId);
        w.WriteString("status", info.Status.ToString().ToUpperInvariant());
        w.WriteNumber("start_time", info.StartTime);
        if (info.EndTime is { } end)
        {
            w.WriteNumber("end_time", end);
        }

        w.WriteString("lifecycle_stage", info.LifecycleStage == LifecycleStage.Active ? "active" : "deleted");
        w.WriteString("user_id", info.UserId);
        w.WriteString("artifact_uri", info.ArtifactUri);
        if (info.ParentRunId is { } parent)
        {
            w.WriteString("parent_run_id", parent);
        }

        w.WriteEndObject();
        w.WriteStartObject("data");
        w.WriteStartArray("metrics");
        foreach (var m in run.LatestMetrics)
        {
            WriteMetric(w, m);
        }

        w.WriteEndArray();
        WriteKeyValues(w, "params", run.Params.Select(p => (p.Key, p.Value)));
        WriteKeyValues(w, "tags", run.Tags.Select(t => (t.Key, t.Value)));
        w.WriteEndObject();
        w.WriteStartArray("inputs");
        foreach (var i in run.Inputs)
        {
            w.WriteStartObject();
            w.WriteString("blake3", i.DatasetHash);
            w.WriteString("role", i.Role);
            WriteOptional(w, "pointer", i.PointerPath);
            WriteOptional(w, "dataset", i.DatasetName is null ? null : $"{i.DatasetName}@{i.DatasetVersion}");
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (artifacts is not null)
        {
            w.WriteStartArray("artifacts");
            foreach (var a in artifacts)
            {
                w.WriteStartObject();
                w.WriteString("path", a.Path);
                w.WriteString("blake3", a.Hash);
                w.WriteNumber("size", a.Size);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        if (histories is not null)
        {
            w.WriteStartObject("metric_history");
            foreach (var (key, points) in histories)
            {
                w.WriteStartArray(key);
                foreach (var m in points)
                {
                    WriteMetric(w, m);
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    /// <summary>Metric values as MLflow writes them: numbers, or the strings "NaN", "Infinity", "-Infinity".</summary>
    private static void WriteMetric(Utf8JsonWriter w, Metric m)
    {
        w.WriteStartObject();
        w.WriteString("key", m.Key);
        if (double.IsFinite(m.Value))
        {
            w.WriteNumber("value", m.Value);
        }
        else
        {
            w.WriteString("value", double.IsNaN(m.Value) ? "NaN" : m.Value > 0 ? "Infinity" : "-Infinity");
        }

        w.WriteNumber("timestamp", m.Timestamp);
        w.WriteNumber("step", m.Step);
        w.WriteEndObject();
    }

    private static void WriteKeyValues(Utf8JsonWriter w, string name, IEnumerable<(string Key, string Value)> pairs)
    {
        w.WriteStartArray(name);
        foreach (var (key, value) in pairs)
        {
            w.WriteStartObject();
            w.WriteString("key", key);
            w.WriteString("value", value);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }
}
