using System.CommandLine;
using Ariadne.Tracking;
using Ariadne.Tracking.Http;

namespace Ariadne.Cli.Commands.Tracking;

internal static class RunsListCommand
{
    public static Command Create(CliContext context)
    {
        var experiments = new Option<string[]>("--experiment", "-e") { Description = "Experiment name or id (repeatable; default: all active experiments)", Arity = ArgumentArity.ZeroOrMore };
        var filter = new Option<string?>("--filter", "-f") { Description = "MLflow search syntax plus OR, parentheses and IN, e.g. \"metrics.acc > 0.9 and params.lr IN ('0.01','0.1')\"" };
        var orderBy = new Option<string[]>("--order-by", "-o") { Description = "e.g. 'metrics.acc DESC' (repeatable)", Arity = ArgumentArity.ZeroOrMore };
        var columns = new Option<string?>("--columns", "-c") { Description = "Comma-separated columns, e.g. run_id,status,params.lr,metrics.acc" };
        var max = new Option<int>("--max") { Description = "Most runs to show", DefaultValueFactory = _ => 1000 };
        var all = new Option<bool>("--all") { Description = "Include deleted runs" };
        var deleted = new Option<bool>("--deleted") { Description = "Only deleted runs" };
        var json = new Option<bool>("--json") { Description = "Print as JSON" };
        var csv = new Option<bool>("--csv") { Description = "Print as CSV" };
        var command = new Command("list", "List and search runs.") { experiments, filter, orderBy, columns, max, all, deleted, json, csv };
        command.SetAction(async (parse, ct) =>
        {
            await using var tracking = context.OpenTracking();
            var store = tracking.Store;
            await new RunReaper(store, context.Time).ReapAsync(ct).ConfigureAwait(false);
            var ids = new List<string>();
            foreach (var name in parse.GetValue(experiments) ?? [])
            {
                ids.Add((await ExperimentResolver.ResolveAsync(store, name, ct).ConfigureAwait(false)).ExperimentId);
            }

            if (ids.Count == 0)
            {
                ids.AddRange((await store.ListExperimentsAsync(ViewType.ActiveOnly, ct).ConfigureAwait(false)).Select(e => e.ExperimentId));
            }

            var limit = parse.GetValue(max);
            var search = new RunSearch(ids, parse.GetValue(filter), parse.GetValue(orderBy), Math.Clamp(limit, 1, 50_000), null, ExperimentResolver.View(parse.GetValue(all), parse.GetValue(deleted)));
            var runs = new List<Run>();
            if (ids.Count > 0)
            {
                await foreach (var run in store.SearchAllRunsAsync(search, ct).ConfigureAwait(false))
                {
                    runs.Add(run);
                    if (runs.Count >= limit)
                    {
                        break;
                    }
                }
            }

            var chosen = parse.GetValue(columns) is { } text ? RunColumns.Parse(text) : RunColumns.Default(runs);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context, new SearchRunsResponse([.. runs.Select(MlflowMapping.ToJson)], null), MlflowJsonContext.Default.SearchRunsResponse);
            }
            else if (parse.GetValue(csv))
            {
                var output = context.Console.Profile.Out.Writer;
                output.WriteLine(string.Join(',', chosen.Select(RunColumns.Csv)));
                foreach (var run in runs)
                {
                    output.WriteLine(string.Join(',', chosen.Select(c => RunColumns.Csv(RunColumns.Value(run, c)))));
                }
            }
            else if (runs.Count == 0)
            {
                context.Console.WriteLine("No runs match.");
            }
            else
            {
                var table = new Table();
                foreach (var column in chosen)
                {
                    table.AddColumn(Markup.Escape(column));
                }

                foreach (var run in runs)
                {
                    table.AddRow([.. chosen.Select(c => Markup.Escape(RunColumns.Value(run, c, shortIds: true)))]);
                }

                context.Console.Write(table);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
