using System.CommandLine;
using System.Globalization;
using Ariadne.Data.Drift;
using Ariadne.Monitoring;
using Ariadne.Registry;
using Spectre.Console;

namespace Ariadne.Cli.Commands.Monitor;

/// <summary><c>ariadne monitor run [models:/NAME@ALIAS] [--window 1d] [--from] [--to] [--reference FILE] [--json]</c>.</summary>
internal static class MonitorRunCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Argument<string?>("model") { Description = "The model version, as models:/NAME@ALIAS or models:/NAME/VERSION (default: 'model:' of the monitor: section)", Arity = ArgumentArity.ZeroOrOne };
        var window = new Option<string?>("--window") { Description = "Window length: 30m, 6h, 1d, 1w (default: the monitor: section's, else 1d)" };
        var from = new Option<string?>("--from") { Description = "Only predictions at or after this time (ISO 8601, UTC, or Unix ms)" };
        var to = new Option<string?>("--to") { Description = "Only predictions before this time" };
        var reference = new Option<string?>("--reference") { Description = "Compare with this data file instead of the version's training data" };
        var config = new Option<string?>("--config") { Description = "The file with the monitor: section (default: ariadne.yaml)" };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON" };
        var command = new Command("run", "Compute drift per feature, prediction drift and (once labels exist) the model's metrics per time window, store them as a run in 'ariadne-monitoring', and print them.")
        {
            model, window, from, to, reference, config, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var settings = MonitorCommand.ReadConfig(context, parse.GetValue(config), required: false);
            var uri = parse.GetValue(model) ?? settings?.Model
                ?? throw AriadneException.InvalidArgument("Name the model to monitor (ariadne monitor run models:/NAME@ALIAS), or set 'model:' in the monitor: section of ariadne.yaml.");
            var referenceFile = parse.GetValue(reference) is { } r ? context.FullPath(r)
                : settings?.Reference is { } configured ? Path.Combine(Path.GetDirectoryName(settings.File)!, configured) : null;
            var options = new MonitorOptions
            {
                Window = parse.GetValue(window) is { } w ? MonitorWindow.Parse(w) : settings?.Window ?? MonitorWindow.Day,
                From = MonitorCommand.ParseTime(parse.GetValue(from), "--from"),
                To = MonitorCommand.ParseTime(parse.GetValue(to), "--to"),
                ReferenceFile = referenceFile,
            };
            await using var tracking = context.OpenTracking();
            var version = await ModelUri.Parse(uri).ResolveAsync(tracking.Store, ct).ConfigureAwait(false);
            var report = await ModelMonitor.ComputeAsync(tracking, version, options, ct).ConfigureAwait(false);
            var runId = await MonitorRecorder.RecordAsync(tracking, report, ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("run_id", runId);
                    w.WritePropertyName("report");
                    report.Write(w);
                    w.WriteEndObject();
                });
                return ExitCodes.Success;
            }

            Print(context, report, runId);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Print(CliContext context, MonitorReport report, string runId)
    {
        context.Console.WriteLine($"models:/{report.Model}/{report.Version} ({(report.Classifier ? "classifier" : "regressor")}): {report.Rows.ToString("N0", CultureInfo.InvariantCulture)} predictions in {report.Batches} batch(es), {report.Windows.Count} window(s) of {report.Window.Text}");
        context.Console.WriteLine($"reference: {report.ReferenceSource}, {report.ReferenceRows.ToString("N0", CultureInfo.InvariantCulture)} rows");
        var table = new Table().AddColumns("window", "start (UTC)", "rows", "drift share", "drifted features", "prediction drift");
        var performance = report.Windows.Any(w => w.Performance is not null);
        if (performance)
        {
            table.AddColumns("labelled", report.Classifier ? "accuracy" : "rmse", report.Classifier ? "f1" : "mae", report.Classifier ? "auc" : "");
        }

        foreach (var w in report.Windows)
        {
            var drifted = string.Join(", ", w.Drift.Where(d => d.Drifted).Select(d => d.Column));
            var p = w.PredictionDrift is { } pd ? $"{pd.Test.Name()} {Format.Number(pd.Score)}{(pd.Drifted ? " drifted" : "")}" : "-";
            var cells = new List<string>
            {
                w.Index.ToString(CultureInfo.InvariantCulture),
                w.StartText,
                w.Rows.ToString(CultureInfo.InvariantCulture),
                w.DriftShare.ToString("0.##", CultureInfo.InvariantCulture),
                drifted.Length == 0 ? "-" : drifted,
                p,
            };
            if (performance)
            {
                var perf = w.Performance;
                cells.Add(perf?.LabelledRows.ToString(CultureInfo.InvariantCulture) ?? "-");
                cells.Add(Value(report.Classifier ? perf?.Accuracy : perf?.Rmse));
                cells.Add(Value(report.Classifier ? perf?.F1 : perf?.Mae));
                cells.Add(report.Classifier ? Value(perf?.Auc) : "");
            }

            table.AddRow([.. cells.Select(c => Markup.Escape(c))]);
        }

        context.Console.Write(table);
        foreach (var note in report.Notes)
        {
            context.Console.WriteLine($"note: {note}");
        }

        context.Console.WriteLine($"Stored as run {runId} in '{MonitoringNames.MonitoringExperiment}'.");
    }

    private static string Value(double? value) => value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "-";
}
