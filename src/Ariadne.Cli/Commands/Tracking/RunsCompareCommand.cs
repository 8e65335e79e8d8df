using System.CommandLine;
using Ariadne.Tracking;

namespace Ariadne.Cli.Commands.Tracking;

internal static class RunsCompareCommand
{
    public static Command Create(CliContext context)
    {
        var runIds = new Argument<string[]>("run-id") { Arity = new ArgumentArity(2, 100) };
        var all = new Option<bool>("--all-params") { Description = "Show params that are equal in every run too" };
        var json = new Option<bool>("--json") { Description = "Print as JSON" };
        var command = new Command("compare", "Compare runs: parameters that differ, and metric values side by side.") { runIds, all, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var tracking = context.OpenTracking();
            var runs = new List<Run>();
            foreach (var id in parse.GetValue(runIds)!)
            {
                runs.Add(await RunLookup.GetAsync(tracking.Store, id, ct).ConfigureAwait(false));
            }

            var paramKeys = runs.SelectMany(r => r.Params.Select(p => p.Key)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            string ParamOf(Run run, string key) => run.Params.FirstOrDefault(p => p.Key == key).Value ?? "";
            var differing = paramKeys.Where(k => runs.Select(r => ParamOf(r, k)).Distinct(StringComparer.Ordinal).Count() > 1).ToHashSet(StringComparer.Ordinal);
            var shownParams = parse.GetValue(all) ? paramKeys : [.. paramKeys.Where(differing.Contains)];
            var metricKeys = runs.SelectMany(r => r.LatestMetrics.Select(m => m.Key)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            string MetricOf(Run run, string key) => run.LatestMetrics.Where(m => m.Key == key).Select(m => Format.Number(m.Value)).FirstOrDefault() ?? "";

            if (parse.GetValue(json))
            {
                JsonOutput.Write(context, w =>
                {
                    w.WriteStartObject();
                    w.WriteStrings("runs", runs.Select(r => r.Info.RunId));
                    w.WriteStartObject("params");
                    foreach (var key in shownParams)
                    {
                        w.WriteStartObject(key);
                        w.WriteBoolean("differs", differing.Contains(key));
                        w.WriteStrings("values", runs.Select(r => ParamOf(r, key)));
                        w.WriteEndObject();
                    }

                    w.WriteEndObject();
                    w.WriteStartObject("metrics");
                    foreach (var key in metricKeys)
                    {
                        w.WriteStrings(key, runs.Select(r => MetricOf(r, key)));
                    }

                    w.WriteEndObject();
                    w.WriteEndObject();
                });
                return ExitCodes.Success;
            }

            var table = new Table().AddColumn("");
            foreach (var run in runs)
            {
                table.AddColumn($"{run.Info.RunId[..8]} {Markup.Escape(run.Info.RunName)}");
            }

            foreach (var key in shownParams)
            {
                var label = differing.Contains(key) ? $"[bold yellow]params.{Markup.Escape(key)}[/]" : $"params.{Markup.Escape(key)}";
                table.AddRow([label, .. runs.Select(r => Markup.Escape(ParamOf(r, key)))]);
            }

            foreach (var key in metricKeys)
            {
                table.AddRow([$"metrics.{Markup.Escape(key)}", .. runs.Select(r => MetricOf(r, key))]);
            }

            context.Console.Write(table);
            if (differing.Count == 0)
            {
                context.Console.WriteLine("All params are equal.");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
