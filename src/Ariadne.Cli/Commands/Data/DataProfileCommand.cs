using System.CommandLine;
using System.Globalization;
using Ariadne.Data.Profiling;

namespace Ariadne.Cli.Commands.Data;

internal static class DataProfileCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "CSV, TSV, JSON, JSON Lines or Parquet file" };
        var output = new Option<string?>("--output", "-o") { Description = "Write the profile (JSON, usable as a drift reference) to this file" };
        var json = new Option<bool>("--json") { Description = "Print the profile as JSON (without the stored distributions)" };
        var format = DataCommand.FormatOption();
        var naValues = DataCommand.NaValuesOption();
        var delimiter = DataCommand.DelimiterOption();
        var command = new Command("profile", "Profile a data file: per column count, nulls, distinct, min/max, mean, std, quantiles, histogram, top categories. Inside 'ariadne run' the profile is stored as an artifact of the run.") { file, output, json, format, naValues, delimiter };
        command.SetAction(async (parse, ct) =>
        {
            var path = context.FullPath(parse.GetValue(file)!);
            await DataCommand.ReportReadingAsync(context, path, DataCommand.ReadOptions(parse, naValues, delimiter), DataCommand.ParseFormat(parse.GetValue(format)), ct).ConfigureAwait(false);
            var profile = await DataProfiler.ProfileAsync(path, DataCommand.ParseFormat(parse.GetValue(format)), context.Time, ct, DataCommand.ReadOptions(parse, naValues, delimiter)).ConfigureAwait(false);
            var bytes = ProfileFile.ToBytes(profile);
            if (parse.GetValue(output) is { } target)
            {
                AtomicFile.WriteAllBytes(context.FullPath(target), bytes);
            }

            var runId = await RunArtifacts.LogAsync(context, run => parse.GetValue(output) is { } target
                ? run.LogArtifactAsync(context.FullPath(target), $"profiles/{Path.GetFileName(target)}", ct)
                : run.LogTextAsync(System.Text.Encoding.UTF8.GetString(bytes), $"profiles/{Path.GetFileNameWithoutExtension(path)}.profile.json", ct), ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context, w => ProfileFile.Write(profile, w, includeDistributions: false));
                return ExitCodes.Success;
            }

            context.Console.WriteLine($"{Path.GetFileName(path)}: {profile.Rows:N0} rows, {profile.Columns.Count} columns");
            var table = new Table().AddColumns("column", "kind", "count", "nulls", "distinct", "min", "max", "mean", "std", "p50", "top");
            foreach (var c in profile.Columns)
            {
                table.AddRow(
                    Markup.Escape(c.Name), c.Kind.ToString().ToLowerInvariant(), N(c.Count), N(c.Nulls), N(c.Distinct),
                    G(c.Min), G(c.Max), G(c.Mean), G(c.StandardDeviation),
                    G(c.Quantiles.FirstOrDefault(q => q.Key == 0.5).Value is var median && c.Kind == ColumnKind.Numeric ? median : null),
                    Markup.Escape(string.Join(", ", c.TopCategories.Take(3).Select(t => $"{Shorten(t.Value)} ({t.Count:N0})"))));
            }

            context.Console.Write(table);
            foreach (var c in profile.Columns.Where(c => c.MixedExample is not null))
            {
                context.Error.WriteLine($"warning: column '{c.Name}' mixes types: {c.MixedExample}. It is profiled as categories.");
            }

            if (parse.GetValue(output) is { } written)
            {
                context.Console.WriteLine($"Profile written to {written}{(runId is null ? "" : $" and stored on run {runId}")}.");
            }
            else if (runId is not null)
            {
                context.Console.WriteLine($"Profile stored on run {runId}.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string G(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("G6", CultureInfo.InvariantCulture) : "";

    private static string Shorten(string text) => text.Length > 20 ? text[..19] + "…" : text;
}
