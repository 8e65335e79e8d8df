using Ariadne.Pipelines;
using Ariadne.Processes;
using Ariadne.Tracking;

namespace Ariadne.Lineage;

/// <summary>What lineage shows of a run, read from its record: command, params and seeds, git state, environment.</summary>
internal static class LineageRuns
{
    /// <summary>Environment tags shown on a run, in this order; <c>ariadne.env.*</c> (allow-listed variables) follow.</summary>
    private static readonly string[] EnvironmentKeys =
        ["ariadne.git.branch", "ariadne.git.remote", "ariadne.user", "ariadne.host", "ariadne.os", "ariadne.arch", "ariadne.runtime", "ariadne.cpu", "ariadne.cores", "ariadne.memory_bytes", "ariadne.gpus", "ariadne.gpu_driver"];

    /// <summary>
    /// Describes <paramref name="run"/>. A pipeline's stage runs do not capture the environment (their pipeline run
    /// does, once): <paramref name="parent"/> lends them git state and environment, and the run says it did.
    /// </summary>
    public static LineageRun Describe(Run run, Run? parent)
    {
        var tags = run.Tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
        var source = tags.ContainsKey("ariadne.git.commit") || tags.ContainsKey("ariadne.os") || parent is null
            ? tags
            : parent.Tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
        var environment = EnvironmentKeys.Where(source.ContainsKey).Select(k => KeyValuePair.Create(k["ariadne.".Length..], source[k]))
            .Concat(source.Where(t => t.Key.StartsWith("ariadne.env.", StringComparison.Ordinal)).OrderBy(t => t.Key, StringComparer.Ordinal)
                .Select(t => KeyValuePair.Create(t.Key["ariadne.".Length..], t.Value)))
            .ToList();
        var parameters = run.Params.Where(p => !IsSeed(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, p.Value)).ToList();
        var seeds = run.Params.Where(p => IsSeed(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, p.Value)).ToList();
        return new LineageRun(
            run.Info.RunId,
            run.Info.RunName,
            run.Info.ExperimentId,
            StoredNames.Status(run.Info.Status),
            run.Info.StartTime,
            run.Info.EndTime,
            run.Info.UserId,
            run.Info.ParentRunId,
            tags.GetValueOrDefault("ariadne.pipeline.stage"),
            tags.GetValueOrDefault(TrackedCommand.CommandTag) ?? tags.GetValueOrDefault("ariadne.command"),
            parameters,
            seeds,
            source.GetValueOrDefault("ariadne.git.commit"),
            source.TryGetValue("ariadne.git.dirty", out var dirty) ? dirty == "true" : null,
            environment,
            ReferenceEquals(source, tags) ? null : parent!.Info.RunId,
            run.Info.LifecycleStage == LifecycleStage.Deleted);
    }

    /// <summary>A seed: logged with the SDK's SeedAsync (<c>seed.name</c>), or a param whose last part is <c>seed</c> (<c>train.seed</c>).</summary>
    public static bool IsSeed(string key) =>
        key.StartsWith(TrackingKeys.SeedPrefix, StringComparison.Ordinal)
        || key.Split('.', ':', '/').Last().Equals("seed", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the run's record marks it as a pipeline run.</summary>
    public static bool IsPipeline(Run run) => run.Tags.Any(t => t.Key == PipelineTracking.PipelineTag);
}
