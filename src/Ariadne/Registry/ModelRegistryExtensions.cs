using Ariadne.Tracking;

namespace Ariadne.Registry;

/// <summary>
/// The model registry from training code:
/// <code>
/// await run.LogArtifactAsync("model/");
/// var version = await run.RegisterModelAsync("penguins", "model", alias: "challenger");
/// var champion = await tracking.GetModelVersionAsync("models:/penguins@champion");
/// await tracking.DownloadModelAsync("models:/penguins@champion", "deploy/model");
/// </code>
/// </summary>
public static class ModelRegistryExtensions
{
    /// <summary>
    /// Registers the run's artifacts under <paramref name="path"/> (a file or folder the run logged) as the next version
    /// of model <paramref name="name"/>, creating the model on first use. A path the run has not logged yet but that exists
    /// on disk is logged first (an absolute path under its last segment). Optionally points <paramref name="alias"/> at the new version.
    /// </summary>
    public static async Task<ModelVersion> RegisterModelAsync(this ActiveRun run, string name, string path, string? alias = null, string? description = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(path);
        // A relative path is the artifact path too ("model/"); an absolute one is logged under its last segment.
        var trimmed = Path.TrimEndingDirectorySeparator(path);
        var artifactPath = Path.IsPathRooted(trimmed) ? Path.GetFileName(trimmed) : trimmed.Replace('\\', '/').Trim('/');
        var artifacts = await run.Store.ListArtifactsAsync(run.RunId, cancellationToken).ConfigureAwait(false);
        if (ModelSource.FilesUnder(artifacts, artifactPath).Count == 0 && (Directory.Exists(path) || File.Exists(path)) && run.CanStoreArtifacts)
        {
            await run.LogArtifactAsync(path, artifactPath, cancellationToken).ConfigureAwait(false);
        }

        var version = await ModelRegistration.FromRunAsync(run.Store, run.Store, name, run.RunId, artifactPath, alias, description, run.Info.UserId, cancellationToken, run.ArtifactCacheOrNull).ConfigureAwait(false);

        // Keep a sample of the training data the run recorded as the version's monitoring reference (docs/monitoring.md).
        await Monitoring.MonitorReference.TryCaptureAsync(TrackingClient.ForStore(run.Store, run.Workspace, run.Time), version, cancellationToken).ConfigureAwait(false);
        return version;
    }

    /// <summary>The version a model URI names (<c>models:/NAME/VERSION</c>, <c>models:/NAME/latest</c>, <c>models:/NAME@ALIAS</c>).</summary>
    public static Task<ModelVersion> GetModelVersionAsync(this TrackingClient tracking, string modelUri, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tracking);
        return ModelUri.Parse(modelUri).ResolveAsync(tracking.Store, cancellationToken);
    }

    /// <summary>
    /// Writes the files of the version a model URI names into <paramref name="destination"/>, each verified against its
    /// hash: from the workspace's content cache where it holds them, else, when the client's store is a tracking server,
    /// through the server's artifact proxy (no workspace needed). Returns the paths written.
    /// </summary>
    public static async Task<IReadOnlyList<string>> DownloadModelAsync(this TrackingClient tracking, string modelUri, string destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tracking);
        ArgumentNullException.ThrowIfNull(destination);
        var version = await ModelUri.Parse(modelUri).ResolveAsync(tracking.Store, cancellationToken).ConfigureAwait(false);
        return await ModelRegistration.DownloadAsync(version, tracking.Store, tracking.Workspace?.Cache, destination, cancellationToken).ConfigureAwait(false);
    }
}
