using Ariadne.Registry;
using Ariadne.Tracking;

namespace Ariadne.Serving;

/// <summary>
/// Gets the ML.NET zip of a model version onto disk with the registry's download: from the workspace's content cache, or
/// over http through the tracking server's artifact proxy (the version's source run holds the files), checked against its hash.
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
        // From the workspace's cache where it holds the zip, else through the tracking server's artifact proxy (hash-checked).
        var only = version with { Files = [zip] };
        await ModelRegistration.DownloadAsync(only, tracking.Store, tracking.Workspace?.Cache, folder, cancellationToken).ConfigureAwait(false);
        return Path.Combine(folder, zip.Path);
    }
}
