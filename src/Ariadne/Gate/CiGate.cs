using System.Globalization;
using Ariadne.Data.Holdout;
using Ariadne.Pipelines;
using Ariadne.Tracking;
using Ariadne.Workspace;

namespace Ariadne.Gate;

/// <summary>
/// <c>ariadne check</c>, the CI gate: is the pipeline up to date with <c>ariadne.lock</c>, is every tracked object on
/// the remote, did a watched metric regress against a baseline git revision beyond its threshold, was a sealed test
/// set read past its budget. Every check runs, whatever the others found, so one report names every problem.
/// </summary>
internal sealed class CiGate(DataWorkspace workspace, IHoldoutLedger? ledger)
{
    public const string PipelineCheckName = "pipeline up to date";
    public const string DataCheckName = "data pushed";
    public const string HoldoutCheckName = "sealed test set budget";

    public async Task<GateReport> RunAsync(GateOptions options, CancellationToken cancellationToken)
    {
        var (pipeline, problem) = LoadPipeline();
        var checks = new List<GateCheck> { PipelineCheck(pipeline, problem) };
        checks.Add(await DataCheckAsync(options.Remote, cancellationToken).ConfigureAwait(false));
        checks.AddRange(MetricChecks(pipeline, problem, options));
        checks.Add(await HoldoutCheckAsync(cancellationToken).ConfigureAwait(false));
        return new GateReport(checks, options.Baseline);
    }

    private (PipelineFile? Pipeline, string? Problem) LoadPipeline()
    {
        if (!File.Exists(PipelineFile.PathIn(workspace.Root)))
        {
            return (null, null);
        }

        try
        {
            return (PipelineFile.Load(workspace.Root), null);
        }
        catch (AriadneException e) when (e.Code == ErrorCode.InvalidPipeline)
        {
            return (null, e.Message);
        }
    }

    private GateCheck PipelineCheck(PipelineFile? pipeline, string? problem)
    {
        if (problem is not null)
        {
            return GateCheck.Fail(PipelineCheckName, $"{PipelineFile.FileName} does not load", [problem], $"Fix {PipelineFile.FileName}; 'ariadne dag' shows what it reads.");
        }

        if (pipeline is null)
        {
            return GateCheck.Pass(PipelineCheckName, $"no pipeline ({PipelineFile.FileName}) in this workspace");
        }

        var stages = new PipelineStatus(workspace, pipeline).Check([]);
        var changed = stages.Where(s => s.Changed).ToList();
        if (changed.Count == 0)
        {
            return GateCheck.Pass(PipelineCheckName, $"all {stages.Count} stage(s) match {LockFile.FileName}");
        }

        return GateCheck.Fail(
            PipelineCheckName,
            $"{changed.Count} of {stages.Count} stage(s) changed since {LockFile.FileName}: {string.Join(", ", changed.Select(s => s.Stage))}",
            [.. changed.SelectMany(s => s.Changes.Select(c => $"{s.Stage}: {c}"))],
            $"Run 'ariadne repro' and commit {LockFile.FileName} with what it wrote (or 'ariadne commit <stage>' to record outputs as they are).");
    }

    private async Task<GateCheck> DataCheckAsync(string? remote, CancellationToken cancellationToken)
    {
        if (remote is null && workspace.Config.DefaultRemote is null)
        {
            return !TracksAnything()
                ? GateCheck.Pass(DataCheckName, "nothing is tracked, so nothing needs a remote")
                : GateCheck.Fail(DataCheckName, "no default remote is configured, so no one else can get this data", [], "Add one with 'ariadne remote add <name> <url> --default', commit .ariadne/config.yaml, then 'ariadne push'.");
        }

        UnpushedData unpushed;
        try
        {
            unpushed = await new DataTransfer(workspace).UnpushedAsync(remote, cancellationToken).ConfigureAwait(false);
        }
        catch (AriadneException e) when (e.Code is ErrorCode.RemoteUnavailable or ErrorCode.AccessDenied)
        {
            return GateCheck.Fail(DataCheckName, $"the remote could not be asked: {e.Message}", [], "Check the remote's address and credentials, then run 'ariadne check' again.");
        }

        var name = $"{DataCheckName} to '{unpushed.Remote}'";
        if (unpushed.Missing.Count == 0)
        {
            return GateCheck.Pass(name, unpushed.Objects == 0 ? "nothing is tracked" : $"all {unpushed.Objects} object(s) of {unpushed.Paths} tracked path(s) are on {unpushed.RemoteDescription}", unpushed.Notes);
        }

        return GateCheck.Fail(
            name,
            $"{unpushed.Missing.Count} tracked path(s) have data that is not on {unpushed.RemoteDescription}",
            [.. unpushed.Missing.Select(m => $"{m.Path}: {m.Missing} of {m.Objects} object(s) missing"), .. unpushed.Notes],
            $"Run 'ariadne push{(remote is null ? "" : " --remote " + remote)}' where the data was made, so that others (and CI) can pull it.");
    }

    private bool TracksAnything() =>
        workspace.FindPointerFiles().Any() || LockedOutputs.Cached(workspace).Count > 0 || workspace.FindSealedPointers().Any();

    private IEnumerable<GateCheck> MetricChecks(PipelineFile? pipeline, string? problem, GateOptions options)
    {
        if (options.Metrics.Count == 0)
        {
            yield break;
        }

        if (pipeline is null)
        {
            foreach (var threshold in options.Metrics)
            {
                yield return GateCheck.Fail(MetricCheckName(threshold), problem is null ? $"no pipeline ({PipelineFile.FileName}) names metrics files" : $"{PipelineFile.FileName} does not load", [], "List the metrics files under 'metrics:' in the stage that writes them.");
            }

            yield break;
        }

        if (workspace.GitRoot is null)
        {
            throw AriadneException.InvalidArgument("Comparing metrics with a baseline needs a git repository, and this workspace is not in one. Run 'git init' and commit, or leave out --metric.");
        }

        var git = new GitRepository(workspace.Root);
        if (git.ResolveCommit(options.Baseline) is null)
        {
            throw AriadneException.InvalidArgument($"The baseline '{options.Baseline}' is not a commit of this repository. Name a branch, tag or commit (in CI fetch it first: 'git fetch origin main' for origin/main).");
        }

        var files = new PipelineValues(workspace, pipeline).MetricsFiles;
        var current = new List<(string File, string Key, double Value)>();
        var baseline = new Dictionary<(string, string), double>();
        foreach (var file in files)
        {
            var full = Path.Combine(workspace.Root, file);
            if (File.Exists(full))
            {
                current.AddRange(MetricsFile.Read(full).Select(m => (file, m.Key, m.Value)));
            }

            if (git.FileAt(options.Baseline, file) is { } text)
            {
                foreach (var m in MetricsFile.Parse(text, $"{options.Baseline}:{file}"))
                {
                    baseline[(file, m.Key)] = m.Value;
                }
            }
        }

        foreach (var threshold in options.Metrics)
        {
            yield return MetricCheck(threshold, current, baseline, files, options.Baseline);
        }
    }

    private static GateCheck MetricCheck(MetricThreshold threshold, List<(string File, string Key, double Value)> current, Dictionary<(string, string), double> baseline, IReadOnlyList<string> files, string revision)
    {
        var name = MetricCheckName(threshold);
        var found = current.Where(m => m.Key == threshold.Metric).ToList();
        if (found.Count == 0)
        {
            var known = current.Select(m => m.Key).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            return GateCheck.Fail(
                name,
                $"no metrics file has '{threshold.Metric}' now",
                [files.Count == 0 ? "no stage lists metrics files" : $"metrics files: {string.Join(", ", files)}", known.Count == 0 ? "they hold no metrics yet ('ariadne repro' writes them)" : $"metrics they hold: {string.Join(", ", known)}"],
                "Name a metric 'ariadne metrics show' lists (nested keys joined with dots), or run 'ariadne repro' to write it.");
        }

        var comparisons = found.Select(m => new MetricComparison(m.File, m.Key, baseline.TryGetValue((m.File, m.Key), out var old) ? old : null, m.Value, threshold)).ToList();
        var worst = comparisons.OrderByDescending(c => c.Regressed).ThenByDescending(c => c.Regression).First();
        var lines = comparisons.Select(c => $"{c.File}: {Describe(c, revision)}").ToList();
        if (worst.Regressed)
        {
            return GateCheck.Fail(name, Describe(worst, revision), lines, $"The change makes {threshold.Metric} worse than {revision} by more than {Number(threshold.Max)}. Fix the regression, or if it is intended, say so in the pull request and loosen the threshold.")
                with { Metric = worst };
        }

        return GateCheck.Pass(name, Describe(worst, revision), lines.Count > 1 ? lines : null) with { Metric = worst };
    }

    private static string MetricCheckName(MetricThreshold threshold) => $"metric {threshold.Metric} ({threshold.Describe()})";

    private static string Describe(MetricComparison c, string revision)
    {
        if (c.Baseline is not { } old)
        {
            return $"{Number(c.Current)}; {revision} has no value to compare with";
        }

        var change = c.Current - old;
        var direction = c.Regression > 0 ? "worse" : c.Regression < 0 ? "better" : "unchanged";
        return $"{Number(old)} at {revision} → {Number(c.Current)} now ({(change >= 0 ? "+" : "")}{Number(change)}, {direction})";
    }

    internal static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    private async Task<GateCheck> HoldoutCheckAsync(CancellationToken cancellationToken)
    {
        if (ledger is null)
        {
            return GateCheck.Pass(HoldoutCheckName, "no tracking store here, so no sealed set was read through it");
        }

        var reads = await ledger.ListHoldoutReadsAsync(null, cancellationToken).ConfigureAwait(false);
        var sets = reads.GroupBy(r => r.PartBlake3).Select(g => (Last: g.Last(), Reads: g.ToList())).ToList();
        var overspent = sets.Where(s => s.Reads.Count > s.Last.Budget).ToList();
        if (overspent.Count == 0)
        {
            return GateCheck.Pass(HoldoutCheckName, sets.Count == 0
                ? "no sealed set has been read"
                : string.Join("; ", sets.Select(s => $"{s.Last.Part} ({s.Last.Manifest}): {s.Reads.Count} of {s.Last.Budget} read(s)")));
        }

        var details = new List<string>();
        foreach (var (last, list) in overspent)
        {
            details.Add($"{last.Part} ({last.Manifest}, blake3 {last.PartBlake3[..12]}): {list.Count} read(s) of a budget of {last.Budget}");
            details.AddRange(list.Skip(last.Budget).Select(r => $"  over budget: {r.Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} model {r.Model}, metric {r.Metric}, reason: {r.OverrideReason ?? "(none)"}"));
        }

        return GateCheck.Fail(
            HoldoutCheckName,
            $"{overspent.Count} sealed set(s) read past their budget: {string.Join(", ", overspent.Select(s => s.Last.Part))}",
            details,
            "Results on an overspent test set are biased towards it. Report them as such, or split a fresh sealed set ('ariadne data split') for the next evaluation. 'ariadne holdout status' lists every read.");
    }
}
