using Ariadne.Registry;
using Ariadne.Tracking;

namespace Ariadne.Serving;

/// <summary>
/// Gets the ML.NET zip of a model version onto disk: from the workspace's content cache for a database store, or over
/// http through the tracking server's artifact download (the version's source run holds the files), each checked
/// against its hash.
/// </summary>
internal static class ModelFiles
{
    public static async Task<string> FetchZipAsync(TrackingClient tracking, ModelVersion version, string folder, CancellationToken cancellationToken)
    {
        var zip = version.Files.Where(f => f.Path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(f => Path.GetFileName(f.Path).Equals("model.zip", StringComparison.OrdinalIgnoreCase))
            .FirstOrDefault()
            ?? throw AriadneException.InvalidArgument($"{version.Uri} has no .zip file (it has {string.Join(", ", version.Files.Select(f => f.Path))}); 'ariadne serve' serves ML.NET models saved with mlContext.Model.Save. Register the model's zip.");
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, Path.GetFileName(zip.Path));
        if (CheckedTrackingStore.Unwrap(tracking.Store) is Tracking.Http.HttpTrackingStore)
        {
            if (version.RunId is null)
            {
                throw AriadneException.InvalidArgument($"{version.Uri} was registered from a workspace path, so its files are in that workspace's cache, not on the tracking server. Serve it from that workspace, or register the model from a run that logged it to the server.");
            }

            var artifacts = await tracking.Store.ListArtifactsAsync(version.RunId, cancellationToken).ConfigureAwait(false);
            var artifact = artifacts.FirstOrDefault(a => a.Hash == zip.Hash)
                ?? throw new AriadneException(ErrorCode.ObjectNotFound, $"Run {version.RunId} no longer lists the file '{zip.Path}' of {version.Uri} ({zip.Hash[..8]}). Register the model again from a run that holds it.");
            await tracking.DownloadArtifactAsync(version.RunId, artifact.Path, target, cancellationToken).ConfigureAwait(false);
            return target;
        }

        var workspace = tracking.Workspace ?? throw AriadneException.InvalidArgument(
            "Model files are read from the workspace's content cache, and there is no workspace here. Run 'ariadne serve' inside the workspace the model was registered in, or serve from a tracking server (--store http://...).");
        var only = version with { Files = [zip] };
        ModelRegistration.Download(only, workspace.Cache, folder);
        return Path.Combine(folder, zip.Path);
    }
}
