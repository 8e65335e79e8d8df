using Ariadne.Tracking;

namespace Ariadne.Monitoring;

/// <summary>
/// Finds the prediction log of a model: the batch files (Arrow, or the Parquet that earlier versions wrote) that serving runs (experiment <c>ariadne-serving</c>, tag
/// <c>ariadne.serving.model</c> = NAME) stored under <c>predictions/v{V}/</c>, and copies them into a scratch folder.
/// </summary>
internal static class LoggedPredictions
{
    /// <summary>The batch files of <paramref name="model"/> (one version, or every version when null), downloaded into <paramref name="folder"/>, oldest first.</summary>
    public static async Task<IReadOnlyList<string>> DownloadAsync(TrackingClient tracking, string model, int? version, string folder, CancellationToken cancellationToken)
    {
        var store = tracking.Store;
        var experiment = await store.GetExperimentByNameAsync(MonitoringNames.ServingExperiment, cancellationToken).ConfigureAwait(false);
        if (experiment is null)
        {
            return [];
        }

        var prefix = version is { } v ? MonitoringNames.PredictionFolder(v) : "predictions/";
        var filter = $"tags.`{MonitoringNames.ServingModelTag}` = '{model.Replace("'", "''", StringComparison.Ordinal)}'";
        var batches = new List<(string Name, string RunId, RunArtifact Artifact)>();
        await foreach (var run in store.SearchAllRunsAsync(new RunSearch([experiment.ExperimentId], filter, MaxResults: 1000), cancellationToken).ConfigureAwait(false))
        {
            foreach (var artifact in await store.ListArtifactsAsync(run.Info.RunId, cancellationToken).ConfigureAwait(false))
            {
                if (artifact.Path.StartsWith(prefix, StringComparison.Ordinal) && PredictionLogFile.IsBatch(artifact.Path))
                {
                    batches.Add((Path.GetFileName(artifact.Path), run.Info.RunId, artifact));
                }
            }
        }

        Directory.CreateDirectory(folder);
        var files = new List<string>();
        var i = 0;
        foreach (var (_, runId, artifact) in batches.OrderBy(b => b.Name, StringComparer.Ordinal).ThenBy(b => b.RunId, StringComparer.Ordinal))
        {
            var local = Path.Combine(folder, $"{i++:D6}{Path.GetExtension(artifact.Path)}");
            await tracking.DownloadArtifactAsync(runId, artifact.Path, local, cancellationToken).ConfigureAwait(false);
            files.Add(local);
        }

        return files;
    }
}
