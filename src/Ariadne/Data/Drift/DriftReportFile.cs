using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Ariadne.Data.Drift;

/// <summary>
/// The drift report as JSON (for scripts) and Markdown (for people), with a PNG per drifted column, written all or
/// nothing. JSON names files relative to the workspace root (as split.json does), and a statistic or p-value
/// that is not a finite number is written as <c>null</c> with <c>"{name}_infinite": true</c> beside an infinite one
/// (a chi-squared test where the reference never saw a category), so every value parses as standard JSON.
/// </summary>
internal static class DriftReportFile
{
    public static void WriteJson(DriftReport report, Utf8JsonWriter w, IReadOnlyDictionary<string, string>? plots = null)
    {
        w.WriteStartObject();
        w.WriteString("reference", ManifestPath.For(report.Reference));
        w.WriteString("current", ManifestPath.For(report.Current));
        w.WriteBoolean("dataset_drift", report.DatasetDrift);
        w.WriteNumber("drifted_columns", report.DriftedCount);
        w.WriteNumber("columns", report.Columns.Count);
        w.WriteNumber("drifted_share", report.DriftedShare);
        w.WriteNumber("drift_share_threshold", report.DriftShare);
        w.WriteStartArray("results");
        foreach (var c in report.Columns)
        {
            w.WriteStartObject();
            w.WriteString("column", c.Column);
            w.WriteString("type", c.Numeric ? "numeric" : "categorical");
            w.WriteString("test", c.Test.Name());
            WriteNumber(w, "statistic", c.Statistic);
            if (c.Test.IsHypothesisTest())
            {
                WriteNumber(w, "p_value", c.PValue);
            }

            w.WriteNumber("threshold", c.Threshold);
            w.WriteBoolean("drifted", c.Drifted);
            w.WriteNumber("reference_count", c.ReferenceCount);
            w.WriteNumber("current_count", c.CurrentCount);
            w.WriteBoolean("exact", c.Exact);
            if (plots is not null && plots.TryGetValue(c.Column, out var plot))
            {
                w.WriteString("plot", $"plots/{plot}");
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStrings("skipped", report.Skipped);
        w.WriteEndObject();
    }

    private static void WriteStrings(this Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) { w.WriteStringValue(v); }
        w.WriteEndArray();
    }

    private static void WriteNumber(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumber(name, value);
            return;
        }

        w.WriteNull(name);
        if (double.IsInfinity(value))
        {
            w.WriteBoolean($"{name}_infinite", true);
        }
    }

    public static string Markdown(DriftReport report, IReadOnlyDictionary<string, string>? plots = null)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Drift: {Path.GetFileName(report.Current)} against {Path.GetFileName(report.Reference)}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"{(report.DatasetDrift ? "**Dataset drift**" : "No dataset drift")}: {report.DriftedCount} of {report.Columns.Count} column(s) drifted ({report.DriftedShare:P0}; the verdict needs {report.DriftShare:P0}).");
        text.AppendLine();
        text.AppendLine("| column | type | test | statistic | p-value | threshold | drifted | plot |");
        text.AppendLine("| --- | --- | --- | ---: | ---: | ---: | --- | --- |");
        foreach (var c in report.Columns)
        {
            var plot = plots is not null && plots.TryGetValue(c.Column, out var p) ? $"![{c.Column}](plots/{p})" : "";
            text.AppendLine(CultureInfo.InvariantCulture, $"| {c.Column} | {(c.Numeric ? "numeric" : "categorical")} | {c.Test.Name()} | {c.Statistic:G6} | {(c.Test.IsHypothesisTest() ? c.PValue.ToString("G6", CultureInfo.InvariantCulture) : "")} | {c.Threshold:G6} | {(c.Drifted ? "yes" : "no")} | {plot} |");
        }

        foreach (var s in report.Skipped)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"\nSkipped {s}");
        }

        text.AppendLine();
        text.AppendLine("Plots: reference shares in blue, current in orange, per bin (left to right: ascending values, or categories by reference frequency).");
        return text.ToString();
    }

    /// <summary>Writes drift.json, drift.md and plots/*.png into <paramref name="folder"/>, replacing it as a whole.</summary>
    public static void Write(DriftReport report, string folder)
    {
        OutputFolder.Write(folder, "drift.json", temp =>
        {
            var plots = DriftPlot.WriteDrifted(report, Path.Combine(temp, "plots"));
            using (var stream = File.Create(Path.Combine(temp, "drift.json")))
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                WriteJson(report, writer, plots);
            }

            File.WriteAllText(Path.Combine(temp, "drift.md"), Markdown(report, plots));
        });
    }
}
