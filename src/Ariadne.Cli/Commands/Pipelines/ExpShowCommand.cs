using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Ariadne.Cli.Commands.Tracking;
using Ariadne.Pipelines;
using Spectre.Console;

namespace Ariadne.Cli.Commands.Pipelines;

/// <summary>
/// <c>ariadne exp show</c>: the workspace and every tracked experiment with params, metrics (and their change from the
/// workspace) and status; filtered by glob and sorted by a param or metric; as a table, JSON or CSV.
/// </summary>
internal static class ExpShowCommand
{
    public static Command Create(CliContext context)
    {
        var experiment = new Option<string?>("--experiment", "-e") { Description = "Experiment of the tracked runs (default 'pipelines')" };
        var sortBy = new Option<string?>("--sort-by") { Description = "Sort by a param, a metric (file:key, or the key alone when one file has it), 'name' or 'created'" };
        var sortOrder = new Option<string>("--sort-order") { Description = "asc (default) or desc", DefaultValueFactory = _ => "asc" };
        var onlyChanged = new Option<bool>("--only-changed") { Description = "Only the params and metrics whose values differ between the rows shown" };
        var paramGlobs = new Option<string[]>("--params") { Description = "Only params matching these globs (e.g. 'train.*')", AllowMultipleArgumentsPerToken = true };
        var metricGlobs = new Option<string[]>("--metrics") { Description = "Only metrics matching these globs (e.g. 'metrics.json:*')", AllowMultipleArgumentsPerToken = true };
        var name = new Option<string?>("--name") { Description = "Only experiments whose name or run id matches this glob (e.g. 'trial-*')" };
        var json = new Option<bool>("--json") { Description = "Print as JSON" };
        var csv = new Option<bool>("--csv") { Description = "Print as CSV" };
        var command = new Command("show", "List the experiments with their params, metrics, changes from the workspace and status.")
        {
            experiment, sortBy, sortOrder, onlyChanged, paramGlobs, metricGlobs, name, json, csv,
        };
        command.SetAction(async (parse, ct) =>
        {
            var order = parse.GetValue(sortOrder);
            if (order is not ("asc" or "desc"))
            {
                throw AriadneException.InvalidArgument($"--sort-order must be 'asc' or 'desc', not '{order}'.");
            }

            if (parse.GetValue(json) && parse.GetValue(csv))
            {
                throw AriadneException.InvalidArgument("Give --json or --csv, not both.");
            }

            var workspace = context.OpenWorkspace();
            await using var tracking = context.OpenTracking();
            var table = await ExperimentTable.LoadAsync(workspace, tracking.Store, parse.GetValue(experiment) ?? "pipelines", ct).ConfigureAwait(false);
            var shown = table.Select(new ExperimentQuery(parse.GetValue(paramGlobs) ?? [], parse.GetValue(metricGlobs) ?? [], parse.GetValue(onlyChanged), parse.GetValue(name), parse.GetValue(sortBy), order == "desc"));
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context, w => WriteJson(w, shown));
            }
            else if (parse.GetValue(csv))
            {
                WriteCsv(context.Console.Profile.Out.Writer, shown);
            }
            else
            {
                WriteTable(context, shown);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteTable(CliContext context, ExperimentTable table)
    {
        if (table.Experiments.Count == 0)
        {
            context.Console.Profile.Out.Writer.WriteLine("No experiments yet: 'ariadne exp run -S key=value' or 'ariadne sweep' makes them. The workspace:");
        }

        var grid = new Table();
        foreach (var column in new[] { "Experiment", "Created", "Status" }.Concat(table.ParamNames).Concat(table.MetricNames))
        {
            grid.AddColumn(Markup.Escape(column));
        }

        foreach (var row in table.Rows)
        {
            var cells = new List<string> { Markup.Escape(row.Name), row.Created?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "", row.Status };
            cells.AddRange(table.ParamNames.Select(p => row.Params.TryGetValue(p, out var value)
                ? Markup.Escape(value) + (row.RunId is not null && table.ParamChanged(row, p) ? "*" : "")
                : "-"));
            cells.AddRange(table.MetricNames.Select(m => row.Metrics.TryGetValue(m, out var value)
                ? Format.Number(value) + (row.RunId is not null && table.MetricChange(row, m) is { } change && change != 0 ? $" ({(change > 0 ? "+" : "")}{Format.Number(change)})" : "")
                : "-"));
            grid.AddRow([.. cells]);
        }

        context.Console.Write(grid);
        context.Console.Profile.Out.Writer.WriteLine("* param differs from the workspace; (+/-) metric change from the workspace.");
    }

    private static void WriteJson(Utf8JsonWriter w, ExperimentTable table)
    {
        w.WriteStartObject();
        w.WriteStrings("params", table.ParamNames);
        w.WriteStrings("metrics", table.MetricNames);
        w.WritePropertyName("workspace");
        WriteRow(w, table, table.Workspace);
        w.WriteStartArray("experiments");
        foreach (var row in table.Experiments)
        {
            WriteRow(w, table, row);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteRow(Utf8JsonWriter w, ExperimentTable table, ExperimentRow row)
    {
        w.WriteStartObject();
        w.WriteString("name", row.Name);
        if (row.RunId is { } id)
        {
            w.WriteString("run_id", id);
            w.WriteString("status", row.Status);
            w.WriteString("created", row.Created!.Value.ToString("O", CultureInfo.InvariantCulture));
        }

        w.WriteStartObject("params");
        foreach (var p in table.ParamNames.Where(row.Params.ContainsKey))
        {
            w.WriteString(p, row.Params[p]);
        }

        w.WriteEndObject();
        w.WriteStartObject("metrics");
        foreach (var m in table.MetricNames.Where(row.Metrics.ContainsKey))
        {
            WriteNumber(w, m, row.Metrics[m]);
        }

        w.WriteEndObject();
        if (row.RunId is not null)
        {
            w.WriteStrings("changed_params", table.ParamNames.Where(p => table.ParamChanged(row, p)));
            w.WriteStartObject("metric_changes");
            foreach (var m in table.MetricNames)
            {
                if (table.MetricChange(row, m) is { } change)
                {
                    WriteNumber(w, m, change);
                }
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumber(name, value);
        }
        else
        {
            w.WriteString(name, value.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void WriteCsv(TextWriter output, ExperimentTable table)
    {
        output.WriteLine(string.Join(',', new[] { "name", "run_id", "status", "created" }.Concat(table.ParamNames).Concat(table.MetricNames).Select(RunColumns.Csv)));
        foreach (var row in table.Rows)
        {
            var cells = new List<string> { row.Name, row.RunId ?? "", row.Status, row.Created?.ToString("O", CultureInfo.InvariantCulture) ?? "" };
            cells.AddRange(table.ParamNames.Select(p => row.Params.GetValueOrDefault(p) ?? ""));
            cells.AddRange(table.MetricNames.Select(m => row.Metrics.TryGetValue(m, out var v) ? v.ToString("R", CultureInfo.InvariantCulture) : ""));
            output.WriteLine(string.Join(',', cells.Select(RunColumns.Csv)));
        }
    }
}
