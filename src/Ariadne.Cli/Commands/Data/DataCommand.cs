using System.CommandLine;

namespace Ariadne.Cli.Commands.Data;

internal static class DataCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("data", "Check data quality: schemas, profiles, drift, splits and leakage between splits.");
        command.Subcommands.Add(DataSchemaCommand.Create(context));
        command.Subcommands.Add(DataValidateCommand.Create(context));
        command.Subcommands.Add(DataProfileCommand.Create(context));
        command.Subcommands.Add(DataDriftCommand.Create(context));
        command.Subcommands.Add(DataSplitCommand.Create(context));
        command.Subcommands.Add(DataLeakageCommand.Create(context));
        return command;
    }

    public static Option<string?> FormatOption() => new("--format") { Description = "File format when the extension does not say: csv, tsv, json, jsonl, parquet, arrow" };

    public static Option<string?> NaValuesOption() => new("--na-values")
    {
        Description = "Comma-separated spellings read as missing in CSV/TSV (default: '', NA, N/A, n/a, null, NULL, None, NaN, nan, -nan, #N/A); '' for empty cells only",
    };

    public static Option<string?> DelimiterOption() => new("--delimiter") { Description = "CSV field delimiter: one character or tab, comma, semicolon, pipe (default: detected from the first lines)" };

    /// <summary>The read options the two options above ask for.</summary>
    public static Ariadne.Data.Reading.TableReadOptions ReadOptions(ParseResult parse, Option<string?> naValues, Option<string?> delimiter) => new()
    {
        NaValues = parse.GetValue(naValues) is { } list ? Ariadne.Data.Reading.TableReadOptions.ParseNaValues(list) : Ariadne.Data.Reading.CellText.DefaultNaValues,
        Delimiter = parse.GetValue(delimiter) is { } d ? Ariadne.Data.Reading.TableReadOptions.ParseDelimiter(d) : null,
    };

    /// <summary>
    /// For a CSV or TSV file: says on stderr which delimiter was used (and that it was detected) and what the reader
    /// warned about in the header, so a file read as one column never passes silently. Other formats: nothing.
    /// </summary>
    public static async Task ReportReadingAsync(CliContext context, string path, Ariadne.Data.Reading.TableReadOptions reading, Ariadne.Data.Reading.TableFormat? format, CancellationToken ct)
    {
        if (!File.Exists(path) || (format ?? Ariadne.Data.Reading.TableFormats.FromPath(path)) is not Ariadne.Data.Reading.TableFormat.Csv)
        {
            return;
        }

        using var reader = await Ariadne.Data.Reading.TableReader.OpenAsync(path, format, batchRows: 1, cancellationToken: ct, options: reading).ConfigureAwait(false);
        if (reading.Delimiter is null && reader.Delimiter is { } used && used != ',')
        {
            context.Error.WriteLine($"note: read {Path.GetFileName(path)} with '{(used == '\t' ? "\\t" : used.ToString())}' as the delimiter (detected; --delimiter to change).");
        }

        foreach (var warning in reader.Warnings)
        {
            context.Error.WriteLine($"warning: {warning}");
        }
    }

    public static Ariadne.Data.Reading.TableFormat? ParseFormat(string? format) => format is null ? null : Ariadne.Data.Reading.TableFormats.Parse(format);
}
