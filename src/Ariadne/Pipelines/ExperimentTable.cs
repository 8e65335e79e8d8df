using System.Globalization;
using System.IO.Enumeration;
using Ariadne.Tracking;
using Ariadne.Workspace;

namespace Ariadne.Pipelines;

/// <summary>
/// <c>ariadne exp show</c>: the workspace's params and metrics, then every tracked experiment (runs tagged
/// <c>ariadne.exp</c> and sweep trials) with its params (the overrides it ran with over the workspace's values) and
/// metrics, its status and when it started; <see cref="Select"/> filters and sorts. Differences are taken from the
/// workspace row.
/// </summary>
internal sealed class ExperimentTable
{
    private ExperimentTable(ExperimentRow workspace, IReadOnlyList<ExperimentRow> experiments, IReadOnlyList<string> paramNames, IReadOnlyList<string> metricNames)
    {
        Workspace = workspace;
        Experiments = experiments;
        ParamNames = paramNames;
        MetricNames = metricNames;
    }

    public ExperimentRow Workspace { get; }

    public IReadOnlyList<ExperimentRow> Experiments { get; }

    public IReadOnlyList<string> ParamNames { get; }

    public IReadOnlyList<string> MetricNames { get; }

    public IEnumerable<ExperimentRow> Rows => Experiments.Prepend(Workspace);

    public static async Task<ExperimentTable> LoadAsync(DataWorkspace workspace, ITrackingStore store, string experiment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(store);
        var pipeline = PipelineFile.Load(workspace.Root);
        var values = new PipelineValues(workspace, pipeline);
        var baseParams = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in values.ParamsFiles)
        {
            if (ParamsFile.TryLoad(Path.Combine(workspace.Root, file)) is { } loaded)
            {
                foreach (var key in loaded.LeafKeys)
                {
                    baseParams[new ParamOverride(file, key, "").Name] = loaded.Values[key];
                }
            }
        }

        var baseMetrics = values.ShowMetrics().ToDictionary(m => ExperimentMetrics.Name(m.File, m.Key), m => m.Value, StringComparer.Ordinal);
        var baseline = new ExperimentRow("workspace", null, "", null, baseParams, baseMetrics);
        var rows = new List<ExperimentRow>();
        if (await store.GetExperimentByNameAsync(experiment, cancellationToken).ConfigureAwait(false) is { } found)
        {
            await foreach (var run in store.SearchAllRunsAsync(new RunSearch([found.ExperimentId], OrderBy: ["attributes.start_time ASC"]), cancellationToken).ConfigureAwait(false))
            {
                if (IsExperiment(run))
                {
                    var parameters = new SortedDictionary<string, string>(baseParams, StringComparer.Ordinal);
                    foreach (var param in run.Params)
                    {
                        parameters[param.Key] = param.Value;
                    }

                    rows.Add(new ExperimentRow(
                        $"{run.Info.RunName}-{run.Info.RunId[..7]}",
                        run.Info.RunId,
                        run.Info.Status.ToString().ToLowerInvariant(),
                        DateTimeOffset.FromUnixTimeMilliseconds(run.Info.StartTime),
                        parameters,
                        run.LatestMetrics.ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal)));
                }
            }
        }

        var paramNames = rows.SelectMany(r => r.Params.Keys).Concat(baseParams.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var metricNames = rows.SelectMany(r => r.Metrics.Keys).Concat(baseMetrics.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new ExperimentTable(baseline, rows, paramNames, metricNames);
    }

    /// <summary>An experiment's run: made by <c>exp run</c> or a sweep's trial.</summary>
    public static bool IsExperiment(Run run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Tags.Any(t => (t.Key == ExperimentRunner.ExperimentTag && t.Value == "true") || t.Key == SweepRunner.TrialTag);
    }

    /// <summary>The value's difference from the workspace: null when either has none.</summary>
    public double? MetricChange(ExperimentRow row, string name) =>
        row.Metrics.TryGetValue(name, out var value) && Workspace.Metrics.TryGetValue(name, out var baseline) ? value - baseline : null;

    /// <summary>True when the row's param differs from the workspace's.</summary>
    public bool ParamChanged(ExperimentRow row, string name) =>
        row.Params.GetValueOrDefault(name) != Workspace.Params.GetValueOrDefault(name);

    /// <summary>The table with the rows and columns <paramref name="query"/> keeps, sorted as it asks. Throws for a sort key that is no column.</summary>
    public ExperimentTable Select(ExperimentQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var rows = Experiments.Where(r => query.Name is null || Matches(query.Name, r.Name) || Matches(query.Name, r.RunId!)).ToList();
        var shown = rows.Prepend(Workspace).ToList();
        var paramNames = ParamNames.Where(n => query.Params.Count == 0 || query.Params.Any(g => Matches(g, n)))
            .Where(n => !query.OnlyChanged || shown.Select(r => r.Params.GetValueOrDefault(n)).Distinct(StringComparer.Ordinal).Count() > 1).ToList();
        var metricNames = MetricNames.Where(n => query.Metrics.Count == 0 || query.Metrics.Any(g => Matches(g, n)))
            .Where(n => !query.OnlyChanged || shown.Select(r => r.Metrics.TryGetValue(n, out var v) ? (double?)v : null).Distinct().Count() > 1).ToList();
        if (query.SortBy is { } key)
        {
            rows = Sort(rows, key, query.Descending);
        }

        return new ExperimentTable(Workspace, rows, paramNames, metricNames);
    }

    private List<ExperimentRow> Sort(List<ExperimentRow> rows, string key, bool descending)
    {
        Func<ExperimentRow, IComparable?> value;
        if (key is "name")
        {
            value = r => r.Name;
        }
        else if (key is "created")
        {
            value = r => r.Created;
        }
        else if (ParamNames.Contains(key, StringComparer.Ordinal))
        {
            value = r => r.Params.TryGetValue(key, out var text) ? double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : text : null;
        }
        else if (ExperimentMetrics.Resolve(key, MetricNames) is { } metric)
        {
            value = r => r.Metrics.TryGetValue(metric, out var number) ? number : null;
        }
        else
        {
            var known = ParamNames.Concat(MetricNames).Concat(MetricNames.Select(m => m[(m.LastIndexOf(':') + 1)..])).Append("name").Append("created").Distinct(StringComparer.Ordinal).ToList();
            throw AriadneException.InvalidArgument($"--sort-by '{key}' is not a param or metric of these experiments. {Suggestions.DidYouMean(key, known, $"Sort by one of: {string.Join(", ", known)}.")}");
        }

        // Rows without the value come last either way; numbers before text when a column mixes them.
        var with = rows.Where(r => value(r) is not null).ToList();
        var ordered = with.Order(Comparer<ExperimentRow>.Create((a, b) => Compare(value(a)!, value(b)!))).ToList();
        if (descending)
        {
            ordered.Reverse();
        }

        return [.. ordered, .. rows.Where(r => value(r) is null)];
    }

    private static int Compare(IComparable a, IComparable b) =>
        a.GetType() == b.GetType() ? a.CompareTo(b) : a is double ? -1 : 1;

    private static bool Matches(string glob, string name) => FileSystemName.MatchesSimpleExpression(glob, name, ignoreCase: false);
}
