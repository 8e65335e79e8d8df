using System.Globalization;
using System.Text;

namespace Ariadne.Lineage;

/// <summary>
/// The lineage graph for a terminal: every run on the path (oldest first) with its command, params, seeds, git
/// commit and dirty flag, environment, what it read and from whom, and what it wrote; then the raw data with its
/// pointer files, commits and dataset versions, the code read from git, every gap by name, and every cycle.
/// </summary>
internal static class LineageText
{
    public static string Write(LineageGraph graph)
    {
        var text = new StringBuilder();
        var direction = graph.Direction == LineageDirection.Upstream ? "upstream: where it came from" : "downstream: what was derived from it";
        text.Append("Lineage of ").Append(graph.Target.Text).Append(" (").Append(direction).Append(")\n");
        foreach (var model in graph.Models)
        {
            text.Append("\nmodel ").Append(model.Name).Append(" version ").Append(model.Version).Append(" (").Append(model.Uri).Append(") from run ").Append(model.RunId).Append('\n');
        }

        var edges = graph.Edges;
        foreach (var run in graph.Runs.OrderBy(r => r.StartTime).ThenBy(r => r.RunId, StringComparer.Ordinal))
        {
            text.Append("\nrun ").Append(run.Label).Append("  ").Append(run.Status).Append("  ")
                .Append(DateTimeOffset.FromUnixTimeMilliseconds(run.StartTime).ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture))
                .Append(run.Deleted ? "  (deleted)" : "").Append('\n');
            text.Append("  id:      ").Append(run.RunId).Append(" in experiment ").Append(run.ExperimentId).Append(run.ParentRunId is { } parent ? $", part of run {parent}" : "").Append('\n');
            Line(text, "command", run.Command);
            Line(text, "params", Pairs(run.Params));
            Line(text, "seeds", Pairs(run.Seeds));
            Line(text, "git", run.GitCommit is null ? "not recorded" : run.GitCommit[..Math.Min(12, run.GitCommit.Length)] + (run.GitDirty == true ? " (dirty: uncommitted changes, kept as git.diff)" : run.GitDirty == false ? " (clean)" : ""));
            Line(text, "env", Pairs(run.Environment.Where(p => p.Key is "os" or "runtime" or "host" or "cpu" or "gpus" or "user").ToList()) + (run.EnvironmentFrom is { } from ? $" (recorded by pipeline run {from[..Math.Min(8, from.Length)]})" : ""));
            foreach (var edge in edges.Where(e => e.Kind == LineageEdgeKind.Used && e.To == run.Id))
            {
                var data = graph.FindData(edge.From[5..])!;
                var writers = edges.Where(e => e.Kind == LineageEdgeKind.Generated && e.To == data.Id).Select(e => graph.FindRun(e.From[4..])?.Label ?? e.From).ToList();
                text.Append("  read:    ").Append(edge.Role is { } role ? role + " " : "").Append(DataName(data))
                    .Append(writers.Count > 0 ? " <- written by " + string.Join(", ", writers) : " <- " + OriginWords(data)).Append('\n');
            }

            foreach (var edge in edges.Where(e => e.Kind == LineageEdgeKind.Generated && e.From == run.Id))
            {
                text.Append("  wrote:   ").Append(DataName(graph.FindData(edge.To[5..])!)).Append('\n');
            }
        }

        var raw = graph.Data.Where(d => d.Pointers.Count > 0 || d.Datasets.Count > 0).OrderBy(d => d.Label, StringComparer.Ordinal).ToList();
        if (raw.Count > 0)
        {
            text.Append("\nraw data\n");
            foreach (var data in raw)
            {
                text.Append("  ").Append(DataName(data)).Append('\n');
                foreach (var pointer in data.Pointers)
                {
                    text.Append("    pointer ").Append(pointer.Path);
                    text.Append(pointer.Commits.Count == 0
                        ? ", not in any git commit"
                        : ", added in " + string.Join("; ", pointer.Commits.Select(c => $"{c.Commit[..10]} {c.Date} \"{c.Subject}\"")));
                    text.Append('\n');
                }

                if (data.Datasets.Count > 0)
                {
                    text.Append("    dataset ").Append(string.Join(", ", data.Datasets)).Append('\n');
                }
            }
        }

        var code = graph.Data.Where(d => d.Origin == DataOrigin.Git).OrderBy(d => d.Label, StringComparer.Ordinal).ToList();
        if (code.Count > 0)
        {
            text.Append("\ncode and configuration in git\n");
            foreach (var data in code)
            {
                text.Append("  ").Append(DataName(data)).Append(" at commit ").Append(data.GitCommit![..12]).Append('\n');
            }
        }

        foreach (var gap in graph.Gaps)
        {
            text.Append("\nGAP ").Append(DataName(gap)).Append(": ").Append(gap.GapReason).Append('\n');
        }

        foreach (var cycle in graph.Cycles)
        {
            text.Append("\nCYCLE in the recorded hashes: ")
                .Append(string.Join(" -> ", cycle.Append(cycle[0]).Select(id => id.StartsWith("run:", StringComparison.Ordinal) ? "run " + (graph.FindRun(id[4..])?.Label ?? id) : DataName(graph.FindData(id[5..])!))))
                .Append(cycle.Count == 2 ? " (a run read bytes it wrote itself)" : "").Append('\n');
        }

        if (graph.Runs.Count == 0 && graph.Direction == LineageDirection.Downstream)
        {
            text.Append("\nNo recorded run read it.\n");
        }

        return text.ToString();
    }

    public static string DataName(LineageData data) =>
        $"{data.Label}{(data.IsFolder ? "/" : "")} (blake3 {data.Hash[..Math.Min(12, data.Hash.Length)]}{(data.Size is { } size ? ", " + size.ToString(CultureInfo.InvariantCulture) + " bytes" : "")})";

    private static string OriginWords(LineageData data) => data.Origin switch
    {
        DataOrigin.Pointer => "raw data" + (data.Pointers.Count > 0 ? " tracked by " + string.Join(", ", data.Pointers.Select(p => p.Path)) : ", dataset " + string.Join(", ", data.Datasets)),
        DataOrigin.Git => $"in git at {data.GitCommit![..12]}",
        DataOrigin.Gap => "GAP: nothing recorded made these bytes",
        _ => "origin not traced",
    };

    private static string Pairs(IReadOnlyList<KeyValuePair<string, string>> pairs) => string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}"));

    private static void Line(StringBuilder text, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            text.Append("  ").Append((name + ":").PadRight(9)).Append(value).Append('\n');
        }
    }
}
