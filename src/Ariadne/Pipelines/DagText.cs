using System.Text;
using System.Text.Json;

namespace Ariadne.Pipelines;

/// <summary>The pipeline graph as text: a plain listing, JSON, Mermaid (renders on GitHub) or Graphviz DOT.</summary>
internal static class DagText
{
    /// <summary>
    /// A JSON array, one object per stage in dependency order: <c>stage</c>, <c>upstream</c> (stage names),
    /// <c>commands</c>, <c>deps</c> and <c>outs</c> (paths). <c>ariadne dag --json</c> prints it; every pipeline run
    /// keeps it as its artifact <c>pipeline/dag.json</c>, which the web UI draws.
    /// </summary>
    public static string Json(PipelineGraph graph, bool indented = true)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            w.WriteStartArray();
            foreach (var stage in graph.TopologicalOrder())
            {
                w.WriteStartObject();
                w.WriteString("stage", stage.Name);
                Strings(w, "upstream", graph.Upstream(stage.Name));
                Strings(w, "commands", stage.Commands);
                Strings(w, "deps", stage.Deps.Select(d => d.Path));
                Strings(w, "outs", stage.AllOutputs.Select(o => o.Path));
                Strings(w, "params", stage.Params.Select(p => p.File == ParamsFile.DefaultName ? p.Key : $"{p.File}:{p.Key}"));
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    /// <summary>One line per stage in dependency order, with the stages it reads from.</summary>
    public static string Plain(PipelineGraph graph)
    {
        var text = new StringBuilder();
        foreach (var stage in graph.TopologicalOrder())
        {
            var upstream = graph.Upstream(stage.Name);
            text.Append(stage.Name);
            if (upstream.Count > 0)
            {
                text.Append("  <- ").AppendJoin(", ", upstream);
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    public static string Mermaid(PipelineGraph graph)
    {
        var ids = graph.TopologicalOrder().Select((s, i) => (s.Name, Id: $"s{i}")).ToDictionary(x => x.Name, x => x.Id, StringComparer.Ordinal);
        var text = new StringBuilder("flowchart TD\n");
        foreach (var (name, id) in ids)
        {
            text.Append("    ").Append(id).Append("[\"").Append(name.Replace("\"", "#quot;", StringComparison.Ordinal)).Append("\"]\n");
        }

        foreach (var stage in graph.TopologicalOrder())
        {
            foreach (var up in graph.Upstream(stage.Name))
            {
                text.Append("    ").Append(ids[up]).Append(" --> ").Append(ids[stage.Name]).Append('\n');
            }
        }

        return text.ToString();
    }

    public static string Dot(PipelineGraph graph)
    {
        static string Quote(string name) => "\"" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
        var text = new StringBuilder("digraph pipeline {\n    rankdir=TB;\n");
        foreach (var stage in graph.TopologicalOrder())
        {
            text.Append("    ").Append(Quote(stage.Name)).Append(";\n");
        }

        foreach (var stage in graph.TopologicalOrder())
        {
            foreach (var up in graph.Upstream(stage.Name))
            {
                text.Append("    ").Append(Quote(up)).Append(" -> ").Append(Quote(stage.Name)).Append(";\n");
            }
        }

        return text.Append("}\n").ToString();
    }
}
