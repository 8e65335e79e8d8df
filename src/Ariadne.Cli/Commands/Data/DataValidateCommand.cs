using System.CommandLine;
using System.Globalization;
using Ariadne.Data.Schema;

namespace Ariadne.Cli.Commands.Data;

internal static class DataValidateCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "CSV, TSV, JSON, JSON Lines or Parquet file" };
        var schemaOption = new Option<string>("--schema", "-s") { Description = "Schema file (YAML), e.g. from 'ariadne data schema infer'", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var all = new Option<bool>("--all") { Description = "List passing checks too" };
        var format = DataCommand.FormatOption();
        var naValues = DataCommand.NaValuesOption();
        naValues.Description += "; overrides the schema's na_values";
        var command = new Command("validate", "Check a data file against a schema; lists every failing check with counts and example rows (exit code 1 when any fails).") { file, schemaOption, json, all, format, naValues };
        command.SetAction(async (parse, ct) =>
        {
            var schema = SchemaFile.Read(context.FullPath(parse.GetValue(schemaOption)!));
            if (parse.GetValue(naValues) is { } spellings)
            {
                schema = schema with { NaValues = Ariadne.Data.Reading.TableReadOptions.ParseNaValues(spellings) };
            }

            var path = context.FullPath(parse.GetValue(file)!);
            var report = await SchemaValidator.ValidateAsync(path, schema, DataCommand.ParseFormat(parse.GetValue(format)), ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("file", parse.GetValue(file));
                    w.WriteBoolean("valid", report.Valid);
                    w.WriteNumber("rows", report.Rows);
                    w.WriteNumber("checks", report.Checks.Count);
                    w.WriteNumber("failed", report.Failures.Count());
                    w.WriteStartArray("results");
                    foreach (var c in parse.GetValue(all) ? report.Checks : report.Failures)
                    {
                        w.WriteStartObject();
                        if (c.Column is null) { w.WriteNull("column"); } else { w.WriteString("column", c.Column); }
                        w.WriteString("check", c.Check);
                        w.WriteString("expected", c.Expectation);
                        w.WriteBoolean("passed", c.Passed);
                        w.WriteNumber("failures", c.Failures);
                        w.WriteStartArray("examples");
                        foreach (var e in c.Examples)
                        {
                            w.WriteStartObject();
                            w.WriteNumber("row", e.Row);
                            if (e.Value is null) { w.WriteNull("value"); } else { w.WriteString("value", e.Value); }
                            w.WriteEndObject();
                        }

                        w.WriteEndArray();
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                });
            }
            else
            {
                var shown = (parse.GetValue(all) ? report.Checks : report.Failures).ToList();
                if (shown.Count > 0)
                {
                    var table = new Table().AddColumns("column", "check", "expected", "failing rows", "examples (row: value)");
                    foreach (var c in shown)
                    {
                        table.AddRow(Markup.Escape(c.Column ?? "(table)"), c.Check, Markup.Escape(c.Expectation),
                            c.Passed ? "[green]0[/]" : $"[red]{c.Failures.ToString("N0", CultureInfo.InvariantCulture)}[/]",
                            Markup.Escape(string.Join("; ", c.Examples.Select(e => $"{e.Row}: {(e.Value is null ? "(missing)" : Shorten(e.Value))}"))));
                    }

                    context.Console.Write(table);
                }

                var failed = report.Failures.Count();
                context.Console.WriteLine(report.Valid
                    ? $"{Path.GetFileName(path)}: valid ({report.Rows:N0} rows, {report.Checks.Count} checks passed)."
                    : $"{Path.GetFileName(path)}: INVALID, {failed} of {report.Checks.Count} checks failed ({report.Rows:N0} rows).");
            }

            return report.Valid ? ExitCodes.Success : ExitCodes.Incomplete;
        });
        return command;
    }

    private static string Shorten(string text) => text.Length > 40 ? text[..39] + "…" : text;
}
