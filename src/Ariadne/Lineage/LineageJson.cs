using System.Text;
using System.Text.Json;

namespace Ariadne.Lineage;

/// <summary>
/// The lineage graph as JSON (docs/lineage.md): <c>target</c>, <c>direction</c>, <c>nodes</c> (runs, data, model
/// versions, each with an <c>id</c> and <c>kind</c>), <c>edges</c> (<c>from</c>, <c>to</c>, <c>kind</c>), <c>gaps</c>
/// and <c>cycles</c>. The CLI's <c>--json</c>, the server's lineage endpoint and the web UI read the same document.
/// </summary>
internal static class LineageJson
{
    public static string Write(LineageGraph graph)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            Write(json, graph);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void Write(Utf8JsonWriter json, LineageGraph graph)
    {
        json.WriteStartObject();
        json.WriteStartObject("target");
        json.WriteString("text", graph.Target.Text);
        WriteOptional(json, "run_id", graph.Target.RunId);
        WriteOptional(json, "hash", graph.Target.Hash);
        WriteOptional(json, "path", graph.Target.Path);
        WriteOptional(json, "model", graph.Target.Model?.Id);
        json.WriteEndObject();
        json.WriteString("direction", graph.Direction == LineageDirection.Upstream ? "upstream" : "downstream");
        json.WriteStartArray("nodes");
        foreach (var model in graph.Models)
        {
            json.WriteStartObject();
            json.WriteString("id", model.Id);
            json.WriteString("kind", "model");
            json.WriteString("label", $"{model.Name} v{model.Version}");
            json.WriteString("uri", model.Uri);
            json.WriteString("name", model.Name);
            json.WriteString("version", model.Version);
            json.WriteString("run_id", model.RunId);
            json.WriteEndObject();
        }

        foreach (var run in graph.Runs.OrderBy(r => r.StartTime).ThenBy(r => r.RunId, StringComparer.Ordinal))
        {
            WriteRun(json, run);
        }

        foreach (var data in graph.Data.OrderBy(d => d.Hash, StringComparer.Ordinal))
        {
            WriteData(json, data);
        }

        json.WriteEndArray();
        json.WriteStartArray("edges");
        foreach (var edge in graph.Edges)
        {
            json.WriteStartObject();
            json.WriteString("from", edge.From);
            json.WriteString("to", edge.To);
            json.WriteString("kind", KindName(edge.Kind));
            WriteOptional(json, "path", edge.Path);
            WriteOptional(json, "role", edge.Role);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("gaps");
        foreach (var gap in graph.Gaps)
        {
            json.WriteStartObject();
            json.WriteString("id", gap.Id);
            json.WriteString("hash", gap.Hash);
            json.WriteStartArray("paths");
            foreach (var path in gap.Paths)
            {
                json.WriteStringValue(path);
            }

            json.WriteEndArray();
            json.WriteString("reason", gap.GapReason);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("cycles");
        foreach (var cycle in graph.Cycles)
        {
            json.WriteStartArray();
            foreach (var id in cycle)
            {
                json.WriteStringValue(id);
            }

            json.WriteEndArray();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static string KindName(LineageEdgeKind kind) => kind switch
    {
        LineageEdgeKind.Used => "used",
        LineageEdgeKind.Generated => "generated",
        LineageEdgeKind.Contains => "contains",
        LineageEdgeKind.PartOf => "part_of",
        _ => "registered",
    };

    public static string OriginName(DataOrigin origin) => origin switch
    {
        DataOrigin.Run => "run",
        DataOrigin.Pointer => "pointer",
        DataOrigin.Git => "git",
        DataOrigin.Gap => "gap",
        _ => "unknown",
    };

    private static void WriteRun(Utf8JsonWriter json, LineageRun run)
    {
        json.WriteStartObject();
        json.WriteString("id", run.Id);
        json.WriteString("kind", "run");
        json.WriteString("label", run.Label);
        json.WriteString("run_id", run.RunId);
        json.WriteString("name", run.Name);
        json.WriteString("experiment_id", run.ExperimentId);
        json.WriteString("status", run.Status);
        json.WriteNumber("start_time", run.StartTime);
        if (run.EndTime is { } end)
        {
            json.WriteNumber("end_time", end);
        }

        json.WriteString("user", run.User);
        WriteOptional(json, "parent_run_id", run.ParentRunId);
        WriteOptional(json, "stage", run.Stage);
        WriteOptional(json, "command", run.Command);
        WritePairs(json, "params", run.Params);
        WritePairs(json, "seeds", run.Seeds);
        json.WriteStartObject("git");
        WriteOptional(json, "commit", run.GitCommit);
        if (run.GitDirty is { } dirty)
        {
            json.WriteBoolean("dirty", dirty);
        }

        json.WriteEndObject();
        WritePairs(json, "environment", run.Environment);
        WriteOptional(json, "environment_from", run.EnvironmentFrom);
        json.WriteBoolean("deleted", run.Deleted);
        json.WriteEndObject();
    }

    private static void WriteData(Utf8JsonWriter json, LineageData data)
    {
        json.WriteStartObject();
        json.WriteString("id", data.Id);
        json.WriteString("kind", "data");
        json.WriteString("label", data.Label);
        json.WriteString("hash", data.Hash);
        json.WriteBoolean("folder", data.IsFolder);
        if (data.Size is { } size)
        {
            json.WriteNumber("size", size);
        }

        json.WriteString("origin", OriginName(data.Origin));
        json.WriteStartArray("paths");
        foreach (var path in data.Paths)
        {
            json.WriteStringValue(path);
        }

        json.WriteEndArray();
        json.WriteStartArray("pointers");
        foreach (var pointer in data.Pointers)
        {
            json.WriteStartObject();
            json.WriteString("path", pointer.Path);
            json.WriteStartArray("commits");
            foreach (var commit in pointer.Commits)
            {
                json.WriteStartObject();
                json.WriteString("commit", commit.Commit);
                json.WriteString("date", commit.Date);
                json.WriteString("subject", commit.Subject);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("datasets");
        foreach (var dataset in data.Datasets)
        {
            json.WriteStringValue(dataset);
        }

        json.WriteEndArray();
        WriteOptional(json, "git_commit", data.GitCommit);
        WriteOptional(json, "gap_reason", data.GapReason);
        json.WriteEndObject();
    }

    private static void WritePairs(Utf8JsonWriter json, string name, IReadOnlyList<KeyValuePair<string, string>> pairs)
    {
        json.WriteStartObject(name);
        foreach (var (key, value) in pairs)
        {
            json.WriteString(key, value);
        }

        json.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
