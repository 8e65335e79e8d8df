using System.Text;

namespace Ariadne.Lineage;

/// <summary>
/// The lineage graph as a Mermaid flowchart or a Graphviz DOT digraph, left to right from raw data to the target:
/// runs as boxes, data as cylinders (a gap in red, dashed), model versions as hexagons; edges labelled with the role
/// or path. Node names are n0, n1 … so no hash or path needs escaping as an identifier.
/// </summary>
internal static class LineageDiagram
{
    public static string Mermaid(LineageGraph graph)
    {
        var ids = Identifiers(graph);
        var text = new StringBuilder("flowchart LR\n");
        foreach (var (id, name) in ids)
        {
            var label = MermaidText(Label(graph, id));
            text.Append("  ").Append(name).Append(Kind(graph, id) switch
            {
                "run" => $"[\"{label}\"]",
                "model" => $"{{{{\"{label}\"}}}}",
                _ => $"[(\"{label}\")]",
            }).Append('\n');
        }

        foreach (var edge in graph.Edges)
        {
            var label = EdgeLabel(edge);
            text.Append("  ").Append(ids[edge.From]).Append(edge.Kind == LineageEdgeKind.Contains ? " -.-> " : " --> ");
            if (label.Length > 0)
            {
                text.Append('|').Append(MermaidText(label)).Append("| ");
            }

            text.Append(ids[edge.To]).Append('\n');
        }

        text.Append("  classDef gap fill:#fdd,stroke:#c00,stroke-dasharray: 5 5\n");
        foreach (var gap in graph.Gaps)
        {
            text.Append("  class ").Append(ids[gap.Id]).Append(" gap\n");
        }

        return text.ToString();
    }

    public static string Dot(LineageGraph graph)
    {
        var ids = Identifiers(graph);
        var text = new StringBuilder("digraph lineage {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n");
        var gaps = graph.Gaps.Select(g => g.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (id, name) in ids)
        {
            var shape = Kind(graph, id) switch { "run" => "box", "model" => "hexagon", _ => "cylinder" };
            text.Append("  ").Append(name).Append(" [shape=").Append(shape).Append(", label=\"").Append(DotText(Label(graph, id))).Append('"');
            if (gaps.Contains(id))
            {
                text.Append(", style=\"dashed,filled\", fillcolor=\"#ffdddd\", color=\"#cc0000\"");
            }

            text.Append("];\n");
        }

        foreach (var edge in graph.Edges)
        {
            text.Append("  ").Append(ids[edge.From]).Append(" -> ").Append(ids[edge.To]);
            var label = EdgeLabel(edge);
            var style = edge.Kind == LineageEdgeKind.Contains ? ", style=dashed" : "";
            text.Append(" [label=\"").Append(DotText(label)).Append('"').Append(style).Append("];\n");
        }

        return text.Append("}\n").ToString();
    }

    private static Dictionary<string, string> Identifiers(LineageGraph graph) =>
        graph.NodeIds.Select((id, i) => (id, $"n{i}")).ToDictionary(x => x.id, x => x.Item2, StringComparer.Ordinal);

    private static string Kind(LineageGraph graph, string id) => id[..id.IndexOf(':', StringComparison.Ordinal)];

    private static string Label(LineageGraph graph, string id) => Kind(graph, id) switch
    {
        "run" => graph.FindRun(id[4..]) is { } run ? $"{run.Label}\n{run.Command ?? run.Name}" : id,
        "model" => graph.Models.First(m => m.Id == id) is var m ? $"{m.Name} v{m.Version}" : id,
        _ => graph.FindData(id[5..]) is { } data ? $"{data.Label}\n{data.Hash[..12]} {JsonOrigin(data)}" : id,
    };

    private static string JsonOrigin(LineageData data) => data.Origin == DataOrigin.Gap ? "GAP" : LineageJson.OriginName(data.Origin);

    private static string EdgeLabel(LineageEdge edge) => edge.Kind switch
    {
        LineageEdgeKind.Used => edge.Role ?? "",
        LineageEdgeKind.Contains => "stage",
        LineageEdgeKind.PartOf => "in folder",
        LineageEdgeKind.Registered => "registered",
        _ => "",
    };

    private static string MermaidText(string text) => text.Length > 60 ? MermaidText(text[..57] + "...") : text.Replace("\"", "#quot;", StringComparison.Ordinal).Replace("\n", "<br/>", StringComparison.Ordinal);

    private static string DotText(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
