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

    public static Option<string?> FormatOption() => new("--format") { Description = "File format when the extension does not say: csv, tsv, json, jsonl, parquet" };

    public static Ariadne.Data.Reading.TableFormat? ParseFormat(string? format) => format is null ? null : Ariadne.Data.Reading.TableFormats.Parse(format);
}
