using System.CommandLine;
using System.Globalization;
using Ariadne.Data.Drift;

namespace Ariadne.Cli.Commands.Data;

internal static class DataDriftCommand
{
    public static Command Create(CliContext context)
    {
        var reference = new Argument<string>("reference") { Description = "Reference data file, or a profile written by 'ariadne data profile -o'" };
        var current = new Argument<string>("current") { Description = "Current data file" };
        var test = new Option<string>("--test") { Description = "Test for every column: auto (Evidently's choice), ks, chisquare, z, wasserstein, jensenshannon, psi", DefaultValueFactory = _ => "auto" };
        var columnTest = new Option<string[]>("--column-test") { Description = "Test for one column, COLUMN=TEST (repeatable)", AllowMultipleArgumentsPerToken = false };
        var threshold = new Option<double?>("--threshold") { Description = "Threshold for every test (default: 0.05 for p-values, 0.1 for distances and PSI)" };
        var share = new Option<double>("--drift-share") { Description = "Dataset drift when at least this share of columns drifted", DefaultValueFactory = _ => 0.5 };
        var columns = new Option<string?>("--columns") { Description = "Only these columns, comma-separated" };
        var output = new Option<string>("--output", "-o") { Description = "Report folder (drift.json, drift.md, plots/*.png)", DefaultValueFactory = _ => "drift-report" };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var naValues = DataCommand.NaValuesOption();
        var delimiter = DataCommand.DelimiterOption();
        var command = new Command("drift", "Test every column for drift between reference and current data; exit code 1 on dataset drift.")
        {
            reference, current, test, columnTest, threshold, share, columns, output, json, naValues, delimiter,
        };
        command.SetAction(async (parse, ct) =>
        {
            var perColumn = new Dictionary<string, DriftTest>(StringComparer.Ordinal);
            foreach (var entry in parse.GetValue(columnTest) ?? [])
            {
                var equals = entry.LastIndexOf('=');
                if (equals <= 0)
                {
                    throw AriadneException.InvalidArgument($"--column-test '{entry}' is not COLUMN=TEST, e.g. --column-test age=psi.");
                }

                perColumn[entry[..equals]] = DriftTests.Parse(entry[(equals + 1)..]);
            }

            var driftShare = parse.GetValue(share);
            if (driftShare is <= 0 or > 1)
            {
                throw AriadneException.InvalidArgument("--drift-share must be in (0, 1].");
            }

            var options = new DriftOptions
            {
                Test = parse.GetValue(test)! is var every && every.Contains('=', StringComparison.Ordinal)
                    ? throw AriadneException.InvalidArgument($"--test takes one test for every column; for one column use --column-test {every}.")
                    : DriftTests.Parse(every),
                ColumnTests = perColumn,
                Threshold = parse.GetValue(threshold),
                DriftShare = driftShare,
                Columns = parse.GetValue(columns) is { } list ? [.. list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)] : null,
                Reading = DataCommand.ReadOptions(parse, naValues, delimiter),
            };
            foreach (var file in new[] { parse.GetValue(reference)!, parse.GetValue(current)! })
            {
                await DataCommand.ReportReadingAsync(context, context.FullPath(file), options.Reading, null, ct).ConfigureAwait(false);
            }

            var report = await DriftDetector.CompareAsync(context.FullPath(parse.GetValue(reference)!), context.FullPath(parse.GetValue(current)!), options, ct).ConfigureAwait(false);
            var folder = context.FullPath(parse.GetValue(output)!);
            DriftReportFile.Write(report, folder);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context, w => DriftReportFile.WriteJson(report, w));
            }
            else
            {
                var table = new Table().AddColumns("column", "type", "test", "statistic", "p-value", "threshold", "drift");
                foreach (var c in report.Columns)
                {
                    table.AddRow(Markup.Escape(c.Column), c.Numeric ? "numeric" : "categorical", c.Test.Name(), G(c.Statistic),
                        c.Test.IsHypothesisTest() ? G(c.PValue) : "", G(c.Threshold), c.Drifted ? "[red]DRIFT[/]" : "ok");
                }

                context.Console.Write(table);
                foreach (var s in report.Skipped)
                {
                    context.Error.WriteLine($"skipped {s}");
                }

                context.Console.WriteLine($"{(report.DatasetDrift ? "Dataset drift" : "No dataset drift")}: {report.DriftedCount} of {report.Columns.Count} column(s) drifted ({report.DriftedShare.ToString("P0", CultureInfo.InvariantCulture)}, threshold {report.DriftShare.ToString("P0", CultureInfo.InvariantCulture)}). Report: {Path.GetRelativePath(context.WorkingDirectory, folder)}/drift.md");
            }

            return report.DatasetDrift ? ExitCodes.Incomplete : ExitCodes.Success;
        });
        return command;
    }

    private static string G(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
