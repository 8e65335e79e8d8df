using System.Text;

namespace Ariadne.Pipelines;

/// <summary>The pipeline graph as text: a plain listing, Mermaid (renders on GitHub) or Graphviz DOT.</summary>
public static class DagText
{
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
