using System.Globalization;
using Ariadne.Tracking;
using Ariadne.Workspace;

namespace Ariadne.Pipelines;

/// <summary>
/// <c>ariadne params diff</c> and <c>ariadne metrics show|diff</c>: the params files the stages read and the metrics
/// files they write, in the workspace and as they were at a git revision.
/// </summary>
internal sealed class PipelineValues(DataWorkspace workspace, PipelineFile pipeline)
{
    /// <summary>The params files the stages read (and <c>params.yaml</c> when it exists), workspace-relative.</summary>
    public IReadOnlyList<string> ParamsFiles
    {
        get
        {
            var files = pipeline.Stages.SelectMany(s => s.Params).Select(p => p.File).ToList();
            if (File.Exists(Path.Combine(workspace.Root, ParamsFile.DefaultName)))
            {
                files.Add(ParamsFile.DefaultName);
            }

            return [.. files.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        }
    }

    /// <summary>The metrics files the stages write, workspace-relative, in stage order.</summary>
    public IReadOnlyList<string> MetricsFiles => [.. pipeline.Stages.SelectMany(s => s.Metrics).Select(m => m.Path).Distinct(StringComparer.Ordinal)];

    /// <summary>Every parameter whose value differs from <paramref name="revision"/> (every parameter with <paramref name="all"/>).</summary>
    public IReadOnlyList<ValueChange> DiffParams(string revision, bool all)
    {
        var git = Git();
        var changes = new List<ValueChange>();
        foreach (var file in ParamsFiles)
        {
            var now = ParamsFile.TryLoad(Path.Combine(workspace.Root, file));
            var thenText = git.FileAt(revision, file);
            var then = thenText is null ? null : ParamsFile.Parse(thenText, $"{revision}:{file}");
            var keys = (now?.LeafKeys ?? []).Concat(then?.LeafKeys ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            foreach (var key in keys)
            {
                var change = new ValueChange(file, key, then?.Values.GetValueOrDefault(key), now?.Values.GetValueOrDefault(key));
                if (all || change.Changed)
                {
                    changes.Add(change);
                }
            }
        }

        return changes;
    }

    /// <summary>Every metric in the metrics files as they are now; a file that is missing is skipped.</summary>
    public IReadOnlyList<(string File, string Key, double Value)> ShowMetrics()
    {
        var result = new List<(string, string, double)>();
        foreach (var file in MetricsFiles)
        {
            var full = Path.Combine(workspace.Root, file);
            if (File.Exists(full))
            {
                result.AddRange(MetricsFile.Read(full).Select(m => (file, m.Key, m.Value)));
            }
        }

        return result;
    }

    /// <summary>Every metric whose value differs from <paramref name="revision"/> (every metric with <paramref name="all"/>).</summary>
    public IReadOnlyList<ValueChange> DiffMetrics(string revision, bool all)
    {
        var git = Git();
        var changes = new List<ValueChange>();
        foreach (var file in MetricsFiles)
        {
            var full = Path.Combine(workspace.Root, file);
            var now = File.Exists(full) ? MetricsFile.Read(full).ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal) : [];
            var thenText = git.FileAt(revision, file);
            var then = thenText is null ? [] : MetricsFile.Parse(thenText, file).ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
            foreach (var key in now.Keys.Concat(then.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                var change = new ValueChange(file, key, then.TryGetValue(key, out var o) ? Text(o) : null, now.TryGetValue(key, out var n) ? Text(n) : null);
                if (all || change.Changed)
                {
                    changes.Add(change);
                }
            }
        }

        return changes;
    }

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private GitRepository Git() =>
        workspace.GitRoot is null
            ? throw AriadneException.InvalidArgument("Comparing with a git revision needs a git repository, and this workspace is not in one. Run 'git init' and commit, or use 'ariadne metrics show'.")
            : new GitRepository(workspace.Root);
}
