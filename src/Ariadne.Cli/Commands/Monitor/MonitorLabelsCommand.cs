using System.CommandLine;
using Ariadne.Monitoring;
using Ariadne.Registry;

namespace Ariadne.Cli.Commands.Monitor;

/// <summary><c>ariadne monitor labels FILE --id COL --label COL [models:/NAME@ALIAS] [--json]</c>.</summary>
internal static class MonitorLabelsCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "A data file (CSV, TSV, JSON, Parquet) with a row id and the true label of each row" };
        var model = new Argument<string?>("model") { Description = "The model, as models:/NAME@ALIAS, models:/NAME/VERSION or NAME (default: 'model:' of the monitor: section)", Arity = ArgumentArity.ZeroOrOne };
        var id = new Option<string>("--id") { Description = "The column with the row id (the prediction log's id)", Required = true };
        var label = new Option<string>("--label") { Description = "The column with the true label", Required = true };
        var config = new Option<string?>("--config") { Description = "The file with the monitor: section (default: ariadne.yaml)" };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var command = new Command("labels", "Store true labels for logged predictions, joined by row id; ids with no logged prediction are reported.")
        {
            file, model, id, label, config, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var uri = parse.GetValue(model) ?? MonitorCommand.ReadConfig(context, parse.GetValue(config), required: false)?.Model
                ?? throw AriadneException.InvalidArgument("Name the model the labels are for (ariadne monitor labels FILE --id COL --label COL models:/NAME@ALIAS), or set 'model:' in the monitor: section of ariadne.yaml.");
            var name = ModelUri.IsModelUri(uri) || uri.Contains('@', StringComparison.Ordinal) || uri.Contains('/', StringComparison.Ordinal) ? ModelUri.Parse(uri).Name : uri;
            await using var tracking = context.OpenTracking();
            var result = await LabelImport.ImportAsync(tracking, name, context.FullPath(parse.GetValue(file)!), parse.GetValue(id)!, parse.GetValue(label)!, ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("run_id", result.RunId);
                    w.WriteString("model", name);
                    w.WriteNumber("rows", result.Rows);
                    w.WriteNumber("labels", result.Stored);
                    w.WriteNumber("skipped", result.Skipped);
                    w.WriteNumber("matched", result.Matched);
                    w.WriteNumber("unknown", result.Unknown);
                    w.WriteStrings("unknown_examples", result.UnknownExamples);
                    w.WriteNumber("duplicates", result.Duplicates);
                    w.WriteStrings("duplicate_examples", result.DuplicateExamples);
                    if (result.ModelKind is { } kind)
                    {
                        w.WriteString("model_kind", kind);
                    }
                    else
                    {
                        w.WriteNull("model_kind");
                    }

                    w.WriteEndObject();
                });
            }
            else
            {
                context.Console.WriteLine($"Stored {result.Stored} label(s) for {name} as run {result.RunId}: {result.Matched} match a logged prediction.");
                if (result.Skipped > 0)
                {
                    context.Console.WriteLine($"{result.Skipped} row(s) had no id or no label and were skipped.");
                }
            }

            if (result.Duplicates > 0)
            {
                await context.Error.WriteLineAsync($"warning: {result.Duplicates} row(s) repeat an id of an earlier row (e.g. {string.Join(", ", result.DuplicateExamples)}); the last row of each id wins.").ConfigureAwait(false);
            }

            if (result.Unknown > 0)
            {
                await context.Error.WriteLineAsync($"warning: {result.Unknown} label id(s) match no logged prediction of {name} (e.g. {string.Join(", ", result.UnknownExamples)}). They are kept, and count once predictions with those ids are logged; check that --id names the prediction log's row id.").ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
