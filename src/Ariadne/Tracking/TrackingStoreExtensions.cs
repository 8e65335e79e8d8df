namespace Ariadne.Tracking;

/// <summary>Conveniences over <see cref="ITrackingStore"/>'s primitives.</summary>
public static class TrackingStoreExtensions
{
    /// <summary>Logs one metric point.</summary>
    public static Task LogMetricAsync(this ITrackingStore store, string runId, Metric metric, CancellationToken cancellationToken = default) =>
        store.LogBatchAsync(runId, [metric], [], [], cancellationToken);

    /// <summary>Logs one param.</summary>
    public static Task LogParamAsync(this ITrackingStore store, string runId, string key, string value, CancellationToken cancellationToken = default) =>
        store.LogBatchAsync(runId, [], [new Param(key, value)], [], cancellationToken);

    /// <summary>Sets one tag.</summary>
    public static Task SetTagAsync(this ITrackingStore store, string runId, string key, string value, CancellationToken cancellationToken = default) =>
        store.LogBatchAsync(runId, [], [], [new RunTag(key, value)], cancellationToken);

    /// <summary>
    /// Creates a run in the experiment named (created when new): the rule behind every store's
    /// <see cref="IRunCreationByName.CreateRunInExperimentAsync"/> where the store reaches its data directly.
    /// </summary>
    internal static async Task<RunInfo> CreateRunInNamedExperimentAsync(this ITrackingStore store, string experimentName, NewRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var experimentId = await store.GetOrCreateExperimentAsync(experimentName, cancellationToken).ConfigureAwait(false);
        return await store.CreateRunAsync(run with { ExperimentId = experimentId }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The experiment with this name, created when it does not exist yet; a deleted one is an error.</summary>
    public static async Task<string> GetOrCreateExperimentAsync(this ITrackingStore store, string name, CancellationToken cancellationToken = default)
    {
        var existing = await store.GetExperimentByNameAsync(name, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            try
            {
                return await store.CreateExperimentAsync(name, null, cancellationToken).ConfigureAwait(false);
            }
            catch (AriadneException e) when (e.Code == ErrorCode.ResourceAlreadyExists)
            {
                existing = await store.GetExperimentByNameAsync(name, cancellationToken).ConfigureAwait(false);
                if (existing is null)
                {
                    throw;
                }
            }
        }

        return existing.LifecycleStage == LifecycleStage.Deleted
            ? throw AriadneException.InvalidArgument($"Experiment '{name}' is deleted. Restore it with 'ariadne experiments restore {name}' or use another name.")
            : existing.ExperimentId;
    }

    /// <summary>All runs matching a search, page by page.</summary>
    public static async IAsyncEnumerable<Run> SearchAllRunsAsync(this ITrackingStore store, RunSearch search, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var page = await store.SearchRunsAsync(search, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            foreach (var run in page.Runs)
            {
                yield return run;
            }

            if (page.NextPageToken is null)
            {
                yield break;
            }

            page = await store.SearchRunsAsync(search with { PageToken = page.NextPageToken }, cancellationToken).ConfigureAwait(false);
        }
    }
}
