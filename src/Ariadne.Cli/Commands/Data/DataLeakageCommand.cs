using System.CommandLine;
using System.Globalization;
using Ariadne.Data.Leakage;

namespace Ariadne.Cli.Commands.Data;

internal static class DataLeakageCommand
{
    public static Command Create(CliContext context)
    {
        var first = new Argument<string>("a") { Description = "First split, e.g. train.csv" };
        var second = new Argument<string>("b") { Description = "Second split, e.g. test.csv" };
        var key = new Option<string?>("--key") { Description = "Compare rows on these columns only, comma-separated (default: all columns but --group)" };
        var group = new Option<string?>("--group") { Description = "Group id column that must not appear in both files (e.g. patient)" };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var command = new Command("leakage", "Find rows of b that repeat rows of a (exactly, or after normalising case, whitespace and numbers) and group ids in both; exit code 1 when any.")
        {
            first, second, key, group, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var keys = parse.GetValue(key) is { } k ? k.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : null;
            var report = await LeakageDetector.FindAsync(context.FullPath(parse.GetValue(first)!), context.FullPath(parse.GetValue(second)!), keys, parse.GetValue(group), ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(context, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("a", parse.GetValue(first));
                    w.WriteString("b", parse.GetValue(second));
                    w.WriteBoolean("clean", report.Clean);
                    w.WriteStrings("key", report.KeyColumns);
                    Section(w, "exact_duplicates", report.ExactDuplicates, report.ExactExamples);
                    Section(w, "near_duplicates", report.NearDuplicates, report.NearExamples);
                    w.WriteStartObject("shared_groups");
                    if (report.GroupColumn is null) { w.WriteNull("column"); } else { w.WriteString("column", report.GroupColumn); }
                    w.WriteNumber("count", report.SharedGroups);
                    w.WriteStrings("examples", report.SharedGroupExamples);
                    w.WriteEndObject();
                    w.WriteEndObject();
                });
            }
            else
            {
                var a = Path.GetFileName(parse.GetValue(first)!);
                var b = Path.GetFileName(parse.GetValue(second)!);
                context.Console.WriteLine($"Exact duplicates (rows of {b} also in {a}): {report.ExactDuplicates.ToString("N0", CultureInfo.InvariantCulture)}");
                Examples(context, report.ExactExamples, a, b);
                context.Console.WriteLine($"Near duplicates (equal after normalising case, whitespace, numbers): {report.NearDuplicates.ToString("N0", CultureInfo.InvariantCulture)}");
                Examples(context, report.NearExamples, a, b);
                if (report.GroupColumn is not null)
                {
                    context.Console.WriteLine($"Group ids ({report.GroupColumn}) in both: {report.SharedGroups.ToString("N0", CultureInfo.InvariantCulture)}{(report.SharedGroups > 0 ? $": {string.Join(", ", report.SharedGroupExamples)}" : "")}");
                }

                context.Console.WriteLine(report.Clean ? "No leakage found." : "LEAKAGE: the splits share rows or groups. Split by id or group with 'ariadne data split --by/--group'.");
            }

            return report.Clean ? ExitCodes.Success : ExitCodes.Incomplete;
        });
        return command;
    }

    private static void Section(System.Text.Json.Utf8JsonWriter w, string name, long count, IReadOnlyList<LeakedRow> examples)
    {
        w.WriteStartObject(name);
        w.WriteNumber("count", count);
        w.WriteStartArray("examples");
        foreach (var e in examples)
        {
            w.WriteStartObject();
            w.WriteNumber("row_b", e.Row);
            w.WriteNumber("row_a", e.MatchingRow);
            w.WriteString("key", e.Key);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Examples(CliContext context, IReadOnlyList<LeakedRow> examples, string a, string b)
    {
        foreach (var e in examples)
        {
            context.Console.WriteLine($"  {b} row {e.Row} = {a} row {e.MatchingRow}: {e.Key}");
        }
    }
}
