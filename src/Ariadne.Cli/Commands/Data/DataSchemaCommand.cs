using System.CommandLine;
using Ariadne.Data.Schema;

namespace Ariadne.Cli.Commands.Data;

internal static class DataSchemaCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("schema", "Infer data schemas.");
        command.Subcommands.Add(Infer(context));
        return command;
    }

    private static Command Infer(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "CSV, TSV, JSON, JSON Lines or Parquet file" };
        var output = new Option<string?>("--output", "-o") { Description = "Write the schema (YAML) to this file instead of printing it" };
        var format = DataCommand.FormatOption();
        var naValues = DataCommand.NaValuesOption();
        naValues.Description += "; written into the schema as na_values";
        var command = new Command("infer", "Infer a schema (types, nullability, ranges, categories, uniqueness) to edit and use with 'ariadne data validate'.") { file, output, format, naValues };
        command.SetAction(async (parse, ct) =>
        {
            var spellings = parse.GetValue(naValues) is { } list ? Ariadne.Data.Reading.TableReadOptions.ParseNaValues(list) : null;
            var schema = await SchemaInference.InferAsync(context.FullPath(parse.GetValue(file)!), DataCommand.ParseFormat(parse.GetValue(format)), ct, spellings is null ? null : new Ariadne.Data.Reading.TableReadOptions { NaValues = spellings }).ConfigureAwait(false);
            schema = schema with { NaValues = spellings };
            var yaml = SchemaFile.ToYaml(schema);
            if (parse.GetValue(output) is { } target)
            {
                AtomicFile.WriteAllText(context.FullPath(target), yaml);
                context.Console.WriteLine($"Schema with {schema.Columns.Count} column(s) written to {target}. Review it: inferred ranges and categories are only what this file holds.");
            }
            else
            {
                context.Console.Profile.Out.Writer.Write(yaml);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
