using Ariadne.Content;
using Ariadne.Tracking;

namespace Ariadne.Registry;

/// <summary>
/// Registers model versions, for the SDK and the CLI alike: from a run's artifacts (<c>runs:/RUN/PATH</c>, files the run
/// already stored) or from a file or folder in the workspace, stored by content hash in one read per file (see
/// <see cref="ObjectCache.StoreSnapshot"/>). The model is created on first registration; an alias can be set at once.
/// </summary>
internal static class ModelRegistration
{
    /// <summary>
    /// Registers the run's artifacts under <paramref name="path"/>. With <paramref name="artifactCache"/> (the content
    /// cache that holds the run's artifacts), the version's input and output schema come from ML.NET autologging's
    /// <c>schema.json</c> where the run has one for this model (<see cref="ModelSchemaFile"/>).
    /// </summary>
    public static async Task<ModelVersion> FromRunAsync(IModelRegistry registry, ITrackingStore store, string name, string runId, string path, string? alias, string? description, string? registeredBy, CancellationToken cancellationToken, ObjectCache? artifactCache = null)
    {
        var run = await store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        if (run.Info.LifecycleStage == LifecycleStage.Deleted)
        {
            throw AriadneException.ModelSourceRunDeleted(runId);
        }

        var artifacts = await store.ListArtifactsAsync(runId, cancellationToken).ConfigureAwait(false);
        var files = ModelSource.FilesUnder(artifacts, path);
        if (files.Count == 0)
        {
            throw AriadneException.InvalidArgument(
                $"Run {runId} has no artifacts under '{path}', so there is nothing to register. Its artifacts: {(artifacts.Count == 0 ? "none" : string.Join(", ", artifacts.Take(10).Select(a => a.Path)))}. Log the model with run.LogArtifactAsync first, or register a workspace path instead.");
        }

        var (input, output) = ModelSchemaFile.Find(artifacts, files, artifactCache);
        return await RegisterAsync(registry, new NewModelVersion(name, ModelSource.ForRun(runId, path), runId, files, description, RegisteredBy: registeredBy, InputSchema: input, OutputSchema: output), alias, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores the file or folder's files in <paramref name="cache"/> and registers them; <paramref name="source"/> is how the version names the path.</summary>
    public static async Task<ModelVersion> FromPathAsync(IModelRegistry registry, ObjectCache cache, string path, string source, string name, string? alias, string? description, string? registeredBy, CancellationToken cancellationToken)
    {
        RegistryLimits.CheckName(name);
        if (alias is not null)
        {
            RegistryLimits.CheckAlias(alias);
        }

        var full = Path.GetFullPath(path);
        var files = new List<ModelFile>();
        cache.EnsureCreated();
        if (Directory.Exists(full))
        {
            foreach (var file in Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var (hash, size) = cache.StoreSnapshot(file);
                files.Add(new ModelFile(Path.GetRelativePath(full, file).Replace('\\', '/'), hash.Hex, size));
            }

            if (files.Count == 0)
            {
                throw AriadneException.InvalidArgument($"The folder '{path}' is empty, so there is no model to register. Point at the folder or file that holds the model.");
            }
        }
        else if (File.Exists(full))
        {
            var (hash, size) = cache.StoreSnapshot(full);
            files.Add(new ModelFile(Path.GetFileName(full), hash.Hex, size));
        }
        else
        {
            throw AriadneException.PathNotFound(path);
        }

        return await RegisterAsync(registry, new NewModelVersion(name, source, null, files, description, RegisteredBy: registeredBy), alias, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates the model when it is new, adds the version, and points <paramref name="alias"/> at it.</summary>
    private static async Task<ModelVersion> RegisterAsync(IModelRegistry registry, NewModelVersion version, string? alias, CancellationToken cancellationToken)
    {
        RegistryLimits.CheckNewVersion(version);
        if (alias is not null)
        {
            RegistryLimits.CheckAlias(alias);
        }

        await EnsureModelAsync(registry, version.Name, cancellationToken).ConfigureAwait(false);
        var created = await registry.CreateModelVersionAsync(version, cancellationToken).ConfigureAwait(false);
        if (alias is null)
        {
            return created;
        }

        await registry.SetModelAliasAsync(created.Name, alias, created.Version, cancellationToken).ConfigureAwait(false);
        return await registry.GetModelVersionAsync(created.Name, created.Version, cancellationToken).ConfigureAwait(false);
    }

    private static async Task EnsureModelAsync(IModelRegistry registry, string name, CancellationToken cancellationToken)
    {
        try
        {
            await registry.GetRegisteredModelAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (AriadneException e) when (e.Code == ErrorCode.ResourceNotFound)
        {
            try
            {
                await registry.CreateRegisteredModelAsync(name, null, null, cancellationToken).ConfigureAwait(false);
            }
            catch (AriadneException exists) when (exists.Code == ErrorCode.ResourceAlreadyExists)
            {
                // Registered by someone else a moment ago: the version goes into that model.
            }
        }
    }

    /// <summary>
    /// Writes the version's files under <paramref name="destination"/>, each verified against its hash: from the content
    /// cache where it holds them (<paramref name="cache"/> may be null: no workspace here), else, when
    /// <paramref name="store"/> is a tracking server and the version came from a run, through the server's artifact
    /// proxy (a colleague's machine that has never seen the bytes). A file neither can give is an error that says how to get it.
    /// </summary>
    public static async Task<IReadOnlyList<string>> DownloadAsync(ModelVersion version, ITrackingStore store, ObjectCache? cache, string destination, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(destination);
        var targets = version.Files.Select(file => (File: file, Target: TargetOf(version, root, destination, file))).ToList();
        var local = targets.Where(t => cache is not null && cache.Contains(ContentHash.Parse(t.File.Hash))).ToList();
        var remote = targets.Except(local).ToList();
        var server = CheckedTrackingStore.Unwrap(store) as Tracking.Http.HttpTrackingStore;
        if (remote.Count > 0 && (server is null || version.RunId is null || ModelSource.ParseRuns(version.Source) is null))
        {
            var first = remote[0].File;
            var where = cache is null ? "there is no workspace here" : "they are not in this workspace's cache";
            var how = server is null
                ? "Register or pull the model in this workspace ('ariadne models pull'), fetch the source run's artifacts first, or download it from the tracking server the run was logged to (set ARIADNE_TRACKING_URI)."
                : $"It was registered from '{version.Source}', not from a run's artifacts, so the server does not hold its files: pull it from the remote it was pushed to ('ariadne models pull').";
            throw new AriadneException(ErrorCode.ObjectNotFound,
                $"{remote.Count} of the {version.Files.Count} files of {version.Uri} cannot be read: {where} (first: '{first.Path}', {first.Hash[..8]}). {how}");
        }

        var written = new List<string>();
        foreach (var (file, target) in local)
        {
            cache!.MaterializeCopy(ContentHash.Parse(file.Hash), target);
            written.Add(target);
        }

        if (remote.Count > 0)
        {
            // The version's files are the run's artifacts under the source path: fetch each through the server, hash-checked.
            var (runId, path) = ModelSource.ParseRuns(version.Source)!.Value;
            var run = await store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
            var artifacts = await store.ListArtifactsAsync(runId, cancellationToken).ConfigureAwait(false);
            var single = path.Length > 0 && artifacts.Any(a => a.Path == path);
            foreach (var (file, target) in remote)
            {
                var artifactPath = path.Length == 0 ? file.Path : single ? path : $"{path}/{file.Path}";
                await server!.DownloadArtifactAsync(run.Info.ExperimentId, runId, new RunArtifact(artifactPath, file.Hash, file.Size), target, cancellationToken).ConfigureAwait(false);
                written.Add(target);
            }
        }

        return [.. targets.Select(t => t.Target).Where(written.Contains)];
    }

    private static string TargetOf(ModelVersion version, string root, string destination, ModelFile file)
    {
        var target = Path.GetFullPath(Path.Combine(root, file.Path));
        if (!target.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw AriadneException.InvalidArgument($"Model file '{file.Path}' of {version.Uri} would land outside '{destination}'; the version's record is damaged.");
        }

        return target;
    }
}
