using Ariadne.Data.Splitting;

namespace Ariadne.Pipelines;

/// <summary>
/// Finds the stages of a pipeline that read a sealed test set, which experiments and sweeps leave out: a stage marked
/// <c>reads_sealed: true</c>; one that depends on a split manifest with a sealed part, or on the sealed part itself;
/// one that depends on a split folder with a sealed part and whose command names its manifest or sealed part, or
/// runs <c>ariadne holdout read</c>; and every stage downstream of those.
/// </summary>
internal static class SealedStages
{
    public static IReadOnlyList<SealedStage> Find(PipelineFile pipeline, string workspaceRoot)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var stage in pipeline.Graph.TopologicalOrder())
        {
            if (Reason(stage, workspaceRoot) is { } reason)
            {
                found[stage.Name] = reason;
            }
            else if (pipeline.Graph.Upstream(stage.Name).FirstOrDefault(found.ContainsKey) is { } upstream)
            {
                found[stage.Name] = $"it runs after '{upstream}', which is left out";
            }
        }

        return [.. pipeline.Stages.Where(s => found.ContainsKey(s.Name)).Select(s => new SealedStage(s.Name, found[s.Name]))];
    }

    private static string? Reason(Stage stage, string root)
    {
        if (stage.ReadsSealed)
        {
            return "it is marked 'reads_sealed: true' in ariadne.yaml";
        }

        var commands = string.Join("\n", stage.Commands);
        if (commands.Contains("holdout read", StringComparison.Ordinal))
        {
            return "its command runs 'ariadne holdout read'";
        }

        foreach (var dep in stage.Deps)
        {
            var full = Path.Combine(root, dep.Path);
            if (Path.GetFileName(dep.Path) == SplitManifest.FileName && SealedPartOf(full) is { } part)
            {
                return $"it depends on {dep.Path}, whose part '{part.Name}' is sealed";
            }

            if (SealedPartOf(Path.Combine(Path.GetDirectoryName(full)!, SplitManifest.FileName)) is { } sibling
                && (sibling.File == Path.GetFileName(dep.Path) || sibling.Pointer == Path.GetFileName(dep.Path)))
            {
                return $"it depends on {dep.Path}, the sealed part '{sibling.Name}' of a split";
            }

            if (Directory.Exists(full) && SealedPartOf(Path.Combine(full, SplitManifest.FileName)) is { } inFolder)
            {
                var folder = dep.Path.TrimEnd('/');
                foreach (var named in new[] { $"{folder}/{SplitManifest.FileName}", $"{folder}/{inFolder.File}" })
                {
                    if (commands.Contains(named, StringComparison.Ordinal))
                    {
                        return $"it depends on the split in {folder}/ and its command names {named} (part '{inFolder.Name}' is sealed)";
                    }
                }
            }
        }

        return null;
    }

    private static SplitPart? SealedPartOf(string manifestPath)
    {
        if (!File.Exists(manifestPath))
        {
            return null;
        }

        try
        {
            return SplitManifest.Read(manifestPath).Parts.FirstOrDefault(p => p.Sealed);
        }
        catch (AriadneException)
        {
            return null;
        }
    }
}
