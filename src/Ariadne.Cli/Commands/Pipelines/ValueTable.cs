using Ariadne.Pipelines;
using Spectre.Console;

namespace Ariadne.Cli.Commands.Pipelines;

/// <summary>Prints params and metrics changes as a table, or as JSON.</summary>
internal static class ValueTable
{
    public static void Write(CliContext context, IReadOnlyList<ValueChange> changes, string revision, bool json, string nothing)
    {
        if (json)
        {
            JsonOutput.Write(context, w =>
            {
                w.WriteStartArray();
                foreach (var change in changes)
                {
                    w.WriteStartObject();
                    w.WriteString("path", change.File);
                    w.WriteString("key", change.Key);
                    WriteValue(w, "old", change.Old);
                    WriteValue(w, "new", change.New);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            });
            return;
        }

        if (changes.Count == 0)
        {
            context.Console.WriteLine(nothing);
            return;
        }

        var table = new Table();
        table.AddColumn("Path");
        table.AddColumn("Key");
        table.AddColumn(Markup.Escape(revision));
        table.AddColumn("workspace");
        table.AddColumn("change");
        foreach (var change in changes)
        {
            table.AddRow(Markup.Escape(change.File), Markup.Escape(change.Key), Markup.Escape(change.Old ?? "-"), Markup.Escape(change.New ?? "-"), Markup.Escape(Delta(change)));
        }

        context.Console.Write(table);
    }

    private static void WriteValue(System.Text.Json.Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else if (double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            w.WriteNumber(name, number);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static string Delta(ValueChange change)
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        if (change.Old is null)
        {
            return "added";
        }

        if (change.New is null)
        {
            return "removed";
        }

        if (!change.Changed)
        {
            return "";
        }

        return double.TryParse(change.Old, System.Globalization.NumberStyles.Float, c, out var o) && double.TryParse(change.New, System.Globalization.NumberStyles.Float, c, out var n)
            ? (n - o >= 0 ? "+" : "") + Format.Number(n - o)
            : "changed";
    }
}
