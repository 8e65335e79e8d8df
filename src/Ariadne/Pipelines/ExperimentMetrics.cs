using Ariadne.Tracking;

namespace Ariadne.Pipelines;

/// <summary>
/// The metrics of one experiment (<c>exp run</c> or a sweep's trial), and the names a sweep's <c>--metric</c> ranks by.
/// Only what the experiment produced counts: the metrics files of the stages that ran in it, were restored from the run
/// cache for its inputs, or were up to date for them (their lock entry matches its exact inputs and outputs). A failed
/// or skipped stage's file is still the workspace's, measured with other params, and is left out. Each metric is
/// named <c>file:key</c> (<c>scores/test.json:acc</c>), the file as <c>metrics show</c> lists it, so the same key in
/// two files never overwrites the other.
/// </summary>
internal static class ExperimentMetrics
{
    public static string Name(string file, string key) => file + ":" + key;

    /// <summary>The metrics the stages that ran, were restored or were up to date in <paramref name="repro"/> left in <paramref name="root"/>.</summary>
    public static SortedDictionary<string, double> Collect(PipelineFile pipeline, string root, ReproResult repro)
    {
        var produced = repro.Stages
            .Where(s => s.Result is StageResult.Ran or StageResult.Restored or StageResult.UpToDate or StageResult.Frozen)
            .Select(s => s.Stage)
            .ToHashSet(StringComparer.Ordinal);
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var file in pipeline.Stages.Where(s => produced.Contains(s.Name)).SelectMany(s => s.Metrics))
        {
            foreach (var (key, value) in Read(Path.Combine(root, file.Path), file.Path))
            {
                metrics[Name(file.Path, key)] = value;
            }
        }

        return metrics;
    }

    /// <summary>The metric names the workspace's metrics files hold now (as <c>metrics show</c> lists them).</summary>
    public static IReadOnlyList<string> InWorkspace(string root, PipelineFile pipeline) =>
        [.. pipeline.Stages.SelectMany(s => s.Metrics).Select(m => m.Path).Distinct(StringComparer.Ordinal)
            .SelectMany(file => Read(Path.Combine(root, file), file).Select(m => Name(file, m.Key)))];

    /// <summary>
    /// The full name (<c>file:key</c>) <paramref name="metric"/> means among <paramref name="names"/>: itself when it is
    /// one, else the one name whose key it is; null when none is. Throws when the key is in several files.
    /// </summary>
    public static string? Resolve(string metric, IEnumerable<string> names)
    {
        var known = names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (known.Contains(metric, StringComparer.Ordinal))
        {
            return metric;
        }

        var matches = known.Where(n => n.EndsWith(":" + metric, StringComparison.Ordinal)).ToList();
        return matches.Count switch
        {
            0 => null,
            1 => matches[0],
            _ => throw AriadneException.InvalidArgument($"Metric '{metric}' is in several metrics files: {string.Join(", ", matches)}. Name one with its file, e.g. --metric {matches[0]}."),
        };
    }

    // A missing file has no metrics; an unreadable one cannot have come from a stage that succeeded (such a stage fails).
    private static IReadOnlyList<KeyValuePair<string, double>> Read(string full, string file)
    {
        if (!File.Exists(full))
        {
            return [];
        }

        try
        {
            return MetricsFile.Parse(File.ReadAllText(full), file);
        }
        catch (AriadneException)
        {
            return [];
        }
    }
}
