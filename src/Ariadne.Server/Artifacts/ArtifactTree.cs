using Ariadne.Server.Mlflow;
using Ariadne.Tracking;

namespace Ariadne.Server.Artifacts;

/// <summary>A run's artifacts (a flat list of paths) seen as folders: the direct children of one folder.</summary>
internal static class ArtifactTree
{
    /// <summary>Files and folders directly under <paramref name="folder"/> ("" is the root), with paths relative to the root, sorted.</summary>
    public static IReadOnlyList<FileInfoJson> Children(IReadOnlyList<RunArtifact> artifacts, string folder)
    {
        var prefix = folder.Length == 0 ? "" : folder.TrimEnd('/') + "/";
        var files = new SortedDictionary<string, FileInfoJson>(StringComparer.Ordinal);
        foreach (var artifact in artifacts)
        {
            if (!artifact.Path.StartsWith(prefix, StringComparison.Ordinal) || artifact.Path.Length == prefix.Length)
            {
                continue;
            }

            var rest = artifact.Path[prefix.Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
            {
                files[artifact.Path] = new FileInfoJson(artifact.Path, false, artifact.Size);
            }
            else
            {
                var dir = prefix + rest[..slash];
                files.TryAdd(dir, new FileInfoJson(dir, true, null));
            }
        }

        return [.. files.Values];
    }
}
