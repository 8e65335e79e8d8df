using System.CommandLine;
using Ariadne.Lineage;

namespace Ariadne.Cli.Commands;

/// <summary>
/// <c>ariadne lineage TARGET [--json|--mermaid|--dot] [--downstream]</c>: the path from raw data and code to a run,
/// a tracked file or a content hash (upstream), or everything derived from it (downstream). See docs/lineage.md.
/// </summary>
internal static class LineageCommand
{
    public static Command Create(CliContext context)
    {
        var target = new Argument<string>("target") { Description = "A run id, a tracked path (data/clean.csv), a content hash, or models:/NAME@ALIAS" };
        var json = new Option<bool>("--json") { Description = "Print the graph as JSON (docs/lineage.md)" };
        var mermaid = new Option<bool>("--mermaid") { Description = "Print a Mermaid flowchart" };
        var dot = new Option<bool>("--dot") { Description = "Print Graphviz DOT ('ariadne lineage X --dot | dot -Tsvg > lineage.svg')" };
        var downstream = new Option<bool>("--downstream") { Description = "Show what was derived from the target (runs, outputs, models) instead of where it came from" };
        var command = new Command("lineage", "Trace a run, file or hash back to raw data and code, or on to everything derived from it.") { target, json, mermaid, dot, downstream };
        command.SetAction(async (parse, ct) =>
        {
            if (new[] { parse.GetValue(json), parse.GetValue(mermaid), parse.GetValue(dot) }.Count(f => f) > 1)
            {
                throw AriadneException.InvalidArgument("Choose one of --json, --mermaid and --dot.");
            }

            var text = parse.GetValue(target)!;
            var direction = parse.GetValue(downstream) ? LineageDirection.Downstream : LineageDirection.Upstream;
            await using var tracking = context.OpenTracking();
            var graph = await new LineageWalker(tracking.Store, tracking.Workspace).TraceAsync(text, context.FullPath(text), direction, ct).ConfigureAwait(false);
            var output = context.Console.Profile.Out.Writer;
            output.Write(parse.GetValue(json) ? LineageJson.Write(graph) + "\n"
                : parse.GetValue(mermaid) ? LineageDiagram.Mermaid(graph)
                : parse.GetValue(dot) ? LineageDiagram.Dot(graph)
                : LineageText.Write(graph));
            return ExitCodes.Success;
        });
        return command;
    }
}
