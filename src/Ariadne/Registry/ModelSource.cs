using Ariadne.Tracking;

namespace Ariadne.Registry;

/// <summary>Where a model version's files come from: a path among a run's artifacts (<c>runs:/RUN_ID/PATH</c>), read the same way by the SDK, the CLI and the server.</summary>
internal static class ModelSource
{
    public const string RunsScheme = "runs:/";

    /// <summary>The source of a version made from a run's artifacts under <paramref name="path"/>.</summary>
    public static string ForRun(string runId, string path) => $"{RunsScheme}{runId}/{Normalize(path)}";

    /// <summary>The run id and path of a <c>runs:/RUN_ID/PATH</c> source, or null for another kind of source.</summary>
    public static (string RunId, string Path)? ParseRuns(string source)
    {
        if (!source.StartsWith(RunsScheme, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = source[RunsScheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (rest, "") : (rest[..slash], Normalize(rest[(slash + 1)..]));
    }

    /// <summary>
    /// The model's files among a run's artifacts: the artifact at <paramref name="path"/> itself (a one-file model) or
    /// every artifact under it as a folder, with paths relative to it. An empty path takes every artifact.
    /// </summary>
    public static List<ModelFile> FilesUnder(IReadOnlyList<RunArtifact> artifacts, string path)
    {
        var folder = Normalize(path);
        if (folder.Length == 0)
        {
            return [.. artifacts.Select(a => new ModelFile(a.Path, a.Hash, a.Size))];
        }

        var single = artifacts.FirstOrDefault(a => a.Path == folder);
        if (single is not null)
        {
            return [new ModelFile(System.IO.Path.GetFileName(single.Path), single.Hash, single.Size)];
        }

        return [.. artifacts.Where(a => a.Path.StartsWith(folder + "/", StringComparison.Ordinal))
            .Select(a => new ModelFile(a.Path[(folder.Length + 1)..], a.Hash, a.Size))];
    }

    private static string Normalize(string path) => path.Replace('\\', '/').Trim('/');
}
