using System.CommandLine;
using Ariadne.Cli.Commands.Tracking;
using Ariadne.Pipelines;
using Ariadne.Plots;
using Ariadne.Server.WebUi;

namespace Ariadne.Cli.Commands.Pipelines;

/// <summary>
/// <c>ariadne plots show</c> and <c>ariadne plots diff [REV...]</c>: the pipeline's plots as one self-contained HTML report
/// with interactive charts (ECharts, as in the web UI), from the workspace or overlaid across git revisions and experiments.
/// </summary>
internal static class PlotsCommand
{
    private const string DefaultReport = "plots.html";

    public static Command Create(CliContext context)
    {
        var show = new Command("show", "Draw the pipeline's plots files as they are in the workspace into one HTML report.");
        var diff = new Command("diff", "Overlay the pipeline's plots across git revisions and experiments (default: HEAD and the workspace) in one HTML report.");
        var revisions = new Argument<string[]>("revisions") { Description = "Git revisions, experiment run ids (6+ characters) or 'workspace'", Arity = ArgumentArity.ZeroOrMore };
        diff.Arguments.Add(revisions);
        foreach (var command in new[] { show, diff })
        {
            var output = new Option<string>("--out", "-o") { Description = $"The HTML file to write (default {DefaultReport})", DefaultValueFactory = _ => DefaultReport };
            var json = new Option<bool>("--json") { Description = "Print the plots' series as JSON instead of writing HTML" };
            command.Options.Add(output);
            command.Options.Add(json);
            var isDiff = command == diff;
            command.SetAction(async (parse, ct) =>
            {
                var workspace = context.OpenWorkspace();
                var report = new PlotsReport(workspace, PipelineFile.Load(workspace.Root));
                var names = isDiff ? parse.GetValue(revisions) ?? [] : [];
                var chosen = new List<PlotRevision>();
                if (!isDiff)
                {
                    chosen.Add(report.Workspace);
                }
                else if (names.Length == 0)
                {
                    chosen.Add(report.GitRevision("HEAD"));
                    chosen.Add(report.Workspace);
                }
                else
                {
                    foreach (var name in names)
                    {
                        chosen.Add(await ResolveAsync(context, workspace, report, name, ct).ConfigureAwait(false));
                    }
                }

                // Read everything before writing anything: bad input leaves no half-made report.
                var plots = report.Render(chosen);
                if (parse.GetValue(json))
                {
                    context.Console.Profile.Out.Writer.WriteLine(PlotsHtml.Json(plots));
                    return ExitCodes.Success;
                }

                var path = context.FullPath(parse.GetValue(output)!);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                AtomicFile.WriteAllText(path, PlotsHtml.Render(plots, [.. chosen.Select(r => r.Name)], WebUiAssets.ECharts()));
                var writer = context.Console.Profile.Out.Writer;
                writer.WriteLine($"Wrote {Path.GetRelativePath(context.WorkingDirectory, path)}: {plots.Count} plot(s), {plots.Sum(p => p.Series.Count)} series, {plots.Sum(p => p.Images.Count)} image(s) from {string.Join(", ", chosen.Select(r => r.Name))}.");
                foreach (var plot in plots.Where(p => p.Problems.Count > 0))
                {
                    writer.WriteLine($"Plot '{plot.Id}': {string.Join("; ", plot.Problems)}.");
                }

                return ExitCodes.Success;
            });
        }

        return new Command("plots", "Draw the pipeline's plots (CSV, TSV, JSON series and images) into an HTML report with interactive charts.") { show, diff };
    }

    private static async Task<PlotRevision> ResolveAsync(CliContext context, Workspace.DataWorkspace workspace, PlotsReport report, string name, CancellationToken ct)
    {
        if (name == "workspace")
        {
            return report.Workspace;
        }

        if (workspace.GitRoot is not null && new Workspace.GitRepository(workspace.Root).IsCommit(name))
        {
            return report.GitRevision(name);
        }

        if (name.Length < 6 || !name.All(char.IsAsciiHexDigit))
        {
            throw AriadneException.InvalidArgument($"'{name}' is neither a git revision of this repository nor an experiment's run id (6+ characters, as 'ariadne exp show' lists them).");
        }

        await using var tracking = context.OpenTracking();
        var run = await RunLookup.GetAsync(tracking.Store, name, ct).ConfigureAwait(false);
        return await report.ExperimentAsync(tracking.Store, run, ct).ConfigureAwait(false);
    }
}
