using System.CommandLine;
using System.Globalization;
using Ariadne.Tracking;
using Ariadne.Tracking.Http;

namespace Ariadne.Cli.Commands.Tracking;

internal static class RunsShowCommand
{
    public static Command Create(CliContext context)
    {
        var runId = new Argument<string>("run-id");
        var json = new Option<bool>("--json") { Description = "Print as JSON" };
        var command = new Command("show", "Show a run: status, params, latest metrics, tags, inputs and artifacts.") { runId, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var tracking = context.OpenTracking();
            var store = tracking.Store;
            await new RunReaper(store, context.Time).ReapAsync(ct).ConfigureAwait(false);
            var run = await RunLookup.GetAsync(store, parse.GetValue(runId)!, ct).ConfigureAwait(false);
            var artifacts = await store.ListArtifactsAsync(run.Info.RunId, ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context, RunDetailsJson.From(run, artifacts), AriadneJsonContext.Default.RunDetailsJson);
                return ExitCodes.Success;
            }

            var info = run.Info;
            var console = context.Console;
            console.WriteLine($"Run {info.RunId} \"{info.RunName}\"");
            console.WriteLine($"  experiment {info.ExperimentId}, {info.Status.ToString().ToUpperInvariant()}, started {Format.Time(info.StartTime)}{(info.EndTime is null ? "" : $", took {Format.Duration(info.StartTime, info.EndTime)}")}, by {info.UserId}");
            if (info.ParentRunId is not null)
            {
                console.WriteLine($"  parent run {info.ParentRunId}");
            }

            Section(console, "Params", run.Params.Select(p => (p.Key, p.Value)));
            Section(console, "Metrics (latest)", run.LatestMetrics.Select(m => (m.Key, $"{Format.Number(m.Value)} (step {m.Step.ToString(CultureInfo.InvariantCulture)})")));
            Section(console, "Inputs", run.Inputs.Select(i => (i.Role, $"{i.DatasetName?.Insert(i.DatasetName.Length, "@" + i.DatasetVersion) ?? i.PointerPath ?? ""} blake3 {i.DatasetHash[..12]}")));
            Section(console, "Tags", run.Tags.Select(t => (t.Key, t.Value.Length > 100 ? t.Value[..100] + "…" : t.Value)));
            Section(console, "Artifacts", artifacts.Select(a => (a.Path, $"{Format.Bytes(a.Size)} blake3 {a.Hash[..12]}")));
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Section(IAnsiConsole console, string title, IEnumerable<(string Key, string Value)> rows)
    {
        var list = rows.ToList();
        if (list.Count == 0)
        {
            return;
        }

        console.WriteLine($"{title}:");
        var width = list.Max(r => r.Key.Length);
        foreach (var (key, value) in list)
        {
            console.WriteLine($"  {key.PadRight(width)}  {value}");
        }
    }
}
