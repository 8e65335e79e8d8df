using System.CommandLine;
using Ariadne.Pipelines;
using Spectre.Console;

namespace Ariadne.Cli.Commands.Pipelines;

/// <summary><c>ariadne metrics show</c> and <c>ariadne metrics diff [git-rev]</c>: the pipeline's metrics files.</summary>
internal static class MetricsCommand
{
    public static Command Create(CliContext context)
    {
        var showJson = new Option<bool>("--json") { Description = "Print the metrics as JSON" };
        var show = new Command("show", "Show every metric in the metrics files the pipeline's stages write.") { showJson };
        show.SetAction(parse =>
        {
            var workspace = context.OpenWorkspace();
            var metrics = new PipelineValues(workspace, PipelineFile.Load(workspace.Root)).ShowMetrics();
            if (parse.GetValue(showJson))
            {
                JsonOutput.Write(context, w =>
                {
                    w.WriteStartArray();
                    foreach (var (file, key, value) in metrics)
                    {
                        w.WriteStartObject();
                        w.WriteString("path", file);
                        w.WriteString("key", key);
                        if (double.IsFinite(value))
                        {
                            w.WriteNumber("value", value);
                        }
                        else
                        {
                            w.WriteString("value", value.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        }

                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                });
                return ExitCodes.Success;
            }

            if (metrics.Count == 0)
            {
                context.Console.WriteLine("No metrics yet: no stage lists 'metrics', or 'ariadne repro' has not written them.");
                return ExitCodes.Success;
            }

            var table = new Table();
            table.AddColumn("Path");
            table.AddColumn("Metric");
            table.AddColumn("Value");
            foreach (var (file, key, value) in metrics)
            {
                table.AddRow(Markup.Escape(file), Markup.Escape(key), Format.Number(value));
            }

            context.Console.Write(table);
            return ExitCodes.Success;
        });

        var revision = new Argument<string>("git-rev") { Description = "The commit to compare with (default HEAD)", Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => "HEAD" };
        var all = new Option<bool>("--all", "-a") { Description = "List unchanged metrics too" };
        var diffJson = new Option<bool>("--json") { Description = "Print the metrics as JSON" };
        var diff = new Command("diff", "Show the metrics that differ from a git commit (default HEAD), with the change.") { revision, all, diffJson };
        diff.SetAction(parse =>
        {
            var workspace = context.OpenWorkspace();
            var values = new PipelineValues(workspace, PipelineFile.Load(workspace.Root));
            var rev = parse.GetValue(revision) ?? "HEAD";
            ValueTable.Write(context, values.DiffMetrics(rev, parse.GetValue(all)), rev, parse.GetValue(diffJson), $"No metric differs from {rev}.");
            return ExitCodes.Success;
        });
        return new Command("metrics", "Show the pipeline's metrics, or compare them with a git commit.") { show, diff };
    }
}
