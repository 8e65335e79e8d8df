using System.CommandLine;
using Ariadne.Gate;
using Ariadne.Tracking;

namespace Ariadne.Cli.Commands;

/// <summary>
/// <c>ariadne check</c>: the CI gate. Exit 0 when every check passes, 1 when one fails; the report is Markdown on stdout
/// (a pull-request comment), or JSON with <c>--json</c>, and <c>--report FILE</c> writes the Markdown to a file too.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(CliContext context)
    {
        var baseline = new Option<string>("--baseline") { Description = "The git revision whose metrics are the baseline, e.g. origin/main (default HEAD)", DefaultValueFactory = _ => "HEAD" };
        var remote = new Option<string?>("--remote", "-r") { Description = "The remote that must hold the tracked data (default: the default remote)" };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON" };
        var report = new Option<string?>("--report") { Description = "Also write the Markdown report to this file (for a pull-request comment)" };
        var thresholds = new MetricThresholdOptions();
        var command = new Command("check", "The CI gate: fails (exit 1) when the pipeline is not up to date with ariadne.lock, tracked data is not on the remote, a watched metric regressed against the baseline beyond its threshold, or a sealed test set was read past its budget.")
        {
            baseline, remote, json, report,
        };
        thresholds.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var metrics = thresholds.Read(parse);
            var workspace = context.OpenWorkspace();
            var options = new GateOptions(parse.GetValue(baseline) ?? "HEAD", metrics, parse.GetValue(remote));
            GateReport result;
            await using (var tracking = HasLedger(workspace) ? context.OpenTracking() : null)
            {
                result = await new CiGate(workspace, tracking?.Store).RunAsync(options, cancellationToken).ConfigureAwait(false);
            }

            var markdown = result.ToMarkdown();
            if (parse.GetValue(report) is { } file)
            {
                var path = context.FullPath(file);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                AtomicFile.WriteAllText(path, markdown);
            }

            if (parse.GetValue(json))
            {
                WriteJson(context, result);
            }
            else
            {
                context.Console.Profile.Out.Writer.Write(markdown);
            }

            return result.Passed ? ExitCodes.Success : ExitCodes.Incomplete;
        });
        return command;
    }

    /// <summary>A tracking store to read the holdout ledger from: ARIADNE_TRACKING_URI, or the workspace's database when one was made (checking never creates it).</summary>
    private static bool HasLedger(Workspace.DataWorkspace workspace) =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(TrackingKeys.TrackingUriVariable)) || File.Exists(workspace.DatabaseFile);

    private static void WriteJson(CliContext context, GateReport report) =>
        JsonOutput.Write(context, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("passed", report.Passed);
            w.WriteString("baseline", report.Baseline);
            w.WriteStartArray("checks");
            foreach (var check in report.Checks)
            {
                w.WriteStartObject();
                w.WriteString("name", check.Name);
                w.WriteBoolean("passed", check.Passed);
                w.WriteString("summary", check.Summary);
                w.WriteStrings("details", check.Details);
                if (check.Advice is null) { w.WriteNull("advice"); } else { w.WriteString("advice", check.Advice); }
                if (check.Metric is { } m)
                {
                    w.WriteStartObject("metric");
                    w.WriteString("name", m.Metric);
                    w.WriteString("file", m.File);
                    if (m.Baseline is { } old && double.IsFinite(old)) { w.WriteNumber("baseline", old); } else { w.WriteNull("baseline"); }
                    if (double.IsFinite(m.Current)) { w.WriteNumber("current", m.Current); } else { w.WriteString("current", m.Current.ToString(System.Globalization.CultureInfo.InvariantCulture)); }
                    w.WriteString("direction", m.Threshold.HigherIsBetter ? "higher_is_better" : "lower_is_better");
                    w.WriteNumber("threshold", m.Threshold.Max);
                    w.WriteEndObject();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
}
