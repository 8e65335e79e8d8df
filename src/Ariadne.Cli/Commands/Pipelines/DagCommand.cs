using System.CommandLine;
using Ariadne.Pipelines;

namespace Ariadne.Cli.Commands.Pipelines;

/// <summary><c>ariadne dag [--mermaid|--dot|--json]</c>: the stages of <c>ariadne.yaml</c> and which feeds which.</summary>
internal static class DagCommand
{
    public static Command Create(CliContext context)
    {
        var mermaid = new Option<bool>("--mermaid") { Description = "Print a Mermaid flowchart (renders in GitHub markdown)" };
        var dot = new Option<bool>("--dot") { Description = "Print Graphviz DOT ('ariadne dag --dot | dot -Tsvg > dag.svg')" };
        var json = new Option<bool>("--json") { Description = "Print the stages and their upstream stages as JSON" };
        var command = new Command("dag", "Show the pipeline's stages in dependency order and which stage feeds which.") { mermaid, dot, json };
        command.SetAction(parse =>
        {
            var formats = new[] { parse.GetValue(mermaid), parse.GetValue(dot), parse.GetValue(json) }.Count(f => f);
            if (formats > 1)
            {
                throw AriadneException.InvalidArgument("Choose one of --mermaid, --dot and --json.");
            }

            var pipeline = PipelineFile.Load(context.OpenWorkspace().Root);
            var graph = pipeline.Graph;
            var output = context.Console.Profile.Out.Writer;
            if (parse.GetValue(json))
            {
                output.WriteLine(DagText.Json(graph));
            }
            else
            {
                output.Write(parse.GetValue(mermaid) ? DagText.Mermaid(graph) : parse.GetValue(dot) ? DagText.Dot(graph) : DagText.Plain(graph));
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
