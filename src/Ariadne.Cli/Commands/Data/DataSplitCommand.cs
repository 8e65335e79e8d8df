using System.CommandLine;
using System.Globalization;
using Ariadne.Data.Splitting;

namespace Ariadne.Cli.Commands.Data;

internal static class DataSplitCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "CSV, TSV, JSON, JSON Lines or Parquet file (parts are written in the same format, every cell as written in the source)" };
        var ratios = new Option<string>("--ratios") { Description = "Shares of the parts, adding up to 1", DefaultValueFactory = _ => "0.8,0.1,0.1" };
        var names = new Option<string>("--names") { Description = "Part names, one per ratio", DefaultValueFactory = _ => "train,validation,test" };
        var seed = new Option<long>("--seed") { Description = "Seed mixed into every row's hash", Required = true };
        var by = new Option<string?>("--by") { Description = "Row id column (default: a row is identified by all its cells)" };
        var group = new Option<string?>("--group") { Description = "Rows sharing this column's value stay in one part" };
        var stratify = new Option<string?>("--stratify") { Description = "Keep this column's class shares in every part" };
        var sealedPart = new Option<string>("--sealed") { Description = "Part marked sealed (read through the holdout API only); 'none' for none", DefaultValueFactory = _ => "test" };
        var budget = new Option<int>("--budget") { Description = "Recorded reads allowed of the sealed part before an override with a reason is needed", DefaultValueFactory = _ => 1 };
        var output = new Option<string?>("--output", "-o") { Description = "Folder for the parts, assignments.csv and split.json (default: <file>-split)" };
        var json = new Option<bool>("--json") { Description = "Print the manifest as JSON" };
        var naValues = DataCommand.NaValuesOption();
        var delimiter = DataCommand.DelimiterOption();
        var command = new Command("split", "Split a data file deterministically (hash of row id and seed) into parts, with a manifest that runs record as their inputs.")
        {
            file, ratios, names, seed, by, group, stratify, sealedPart, budget, output, json, naValues, delimiter,
        };
        command.SetAction(async (parse, ct) =>
        {
            var path = context.FullPath(parse.GetValue(file)!);
            var shares = parse.GetValue(ratios)!.Split(',', StringSplitOptions.TrimEntries).Select(r =>
                double.TryParse(r, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw AriadneException.InvalidArgument($"--ratios: '{r}' is not a number, e.g. --ratios 0.8,0.1,0.1.")).ToList();
            var partNames = parse.GetValue(names)!.Split(',', StringSplitOptions.TrimEntries).ToList();
            if (partNames.Count != shares.Count && parse.GetResult(names) is null && shares.Count == 2)
            {
                partNames = ["train", "test"];
            }

            var sealedName = parse.GetValue(sealedPart) is "none" or "" ? null : parse.GetValue(sealedPart);
            if (sealedName == "test" && !partNames.Contains("test") && parse.GetResult(sealedPart) is null or { Implicit: true })
            {
                sealedName = null;
                context.Error.WriteLine($"warning: no part is named 'test' (parts: {string.Join(", ", partNames)}), so no part is sealed. Pass --sealed NAME to seal one, or --sealed none to say that none should be.");
            }

            var options = new SplitOptions
            {
                Names = partNames, Ratios = shares, Seed = parse.GetValue(seed), By = parse.GetValue(by), Group = parse.GetValue(group), Stratify = parse.GetValue(stratify),
                Sealed = sealedName, SealedBudget = parse.GetValue(budget), Reading = DataCommand.ReadOptions(parse, naValues, delimiter),
            };
            var folder = context.FullPath(parse.GetValue(output) ?? Path.Combine(Path.GetDirectoryName(path)!, Path.GetFileNameWithoutExtension(path) + "-split"));
            var manifest = await DataSplitter.SplitAsync(path, folder, options, context.Time, ct).ConfigureAwait(false);
            foreach (var warning in manifest.Warnings)
            {
                context.Error.WriteLine($"warning: {warning}");
            }

            if (manifest.Parts.FirstOrDefault(p => p.Sealed && p.Pointer is null) is { } plain)
            {
                context.Error.WriteLine($"warning: {Ariadne.Data.Holdout.SealedPartStore.OutsideWorkspace(plain.File, folder)}");
            }

            var runId = await RunArtifacts.LogAsync(context, async run =>
            {
                await run.LogSplitMadeAsync(manifest, ct).ConfigureAwait(false);
            }, ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                context.Console.Profile.Out.Writer.WriteLine(System.Text.Encoding.UTF8.GetString(manifest.ToJson()));
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("part", "rows", "share", "file", "blake3", "sealed");
            foreach (var p in manifest.Parts)
            {
                table.AddRow(Markup.Escape(p.Name), p.Rows.ToString("N0", CultureInfo.InvariantCulture),
                    (manifest.Rows == 0 ? 0 : (double)p.Rows / manifest.Rows).ToString("P1", CultureInfo.InvariantCulture),
                    Markup.Escape(p.Pointer ?? p.File), p.Blake3[..12], p.Sealed ? $"yes (budget {p.Budget}{(p.Pointer is null ? "" : ", in the cache")})" : "");
            }

            context.Console.Write(table);
            if (manifest.Delimiter is { } used)
            {
                context.Console.WriteLine($"Read {Path.GetFileName(path)} with '{(used == '\t' ? "\\t" : used.ToString())}' as the delimiter{(parse.GetValue(delimiter) is null ? " (detected; --delimiter to change)" : "")}.");
            }

            context.Console.WriteLine($"Split {manifest.Rows:N0} rows of {Path.GetFileName(path)} (blake3 {manifest.SourceBlake3[..12]}, seed {manifest.Seed}) into {Path.GetRelativePath(context.WorkingDirectory, folder)}/{(runId is null ? "" : $"; recorded as inputs of run {runId}")}.");
            return ExitCodes.Success;
        });
        return command;
    }
}
