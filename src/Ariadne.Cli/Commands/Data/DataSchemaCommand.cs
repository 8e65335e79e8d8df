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
        var command = new Command("infer", "Infer a schema (types, nullability, ranges, categories, uniqueness) to edit and use with 'ariadne data validate'.") { file, output, format };
        command.SetAction(async (parse, ct) =>
        {
            var schema = await SchemaInference.InferAsync(context.FullPath(parse.GetValue(file)!), DataCommand.ParseFormat(parse.GetValue(format)), ct).ConfigureAwait(false);
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
