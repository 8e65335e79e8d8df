using Ariadne.Content;
using Ariadne.Data.Splitting;
using Ariadne.Pipelines;
using Ariadne.Tracking;
using Ariadne.Workspace;

namespace Ariadne.Plots;

/// <summary>
/// <c>ariadne plots show|diff</c>: reads the pipeline's plots (<see cref="PipelineFile.Plots"/>) as each revision holds
/// them (the workspace, git revisions, experiments) into series, one per revision, file and field, so a diff overlays
/// the revisions in one chart. A file a revision lacks, or a field a file lacks, is reported with the plot rather than
/// failing the report. A sealed test set is never read.
/// </summary>
internal sealed class PlotsReport(DataWorkspace workspace, PipelineFile pipeline)
{
    public PlotRevision Workspace => new("workspace", path => File.Exists(Full(path)) ? File.ReadAllBytes(Full(path)) : null);

    /// <summary>The files as git commit <paramref name="revision"/> holds them; throws when it names no commit.</summary>
    public PlotRevision GitRevision(string revision)
    {
        if (workspace.GitRoot is null)
        {
            throw AriadneException.InvalidArgument("Comparing plots with a git revision needs a git repository, and this workspace is not in one. Use 'ariadne plots show'.");
        }

        var git = new GitRepository(workspace.Root);
        return new PlotRevision(revision, path => git.BytesAt(revision, path));
    }

    /// <summary>
    /// The files as experiment <paramref name="experiment"/> (an <c>exp run</c> or a sweep's trial) made them: from the
    /// content cache by the hashes its stages' runs recorded (verified on reading); a file of a stage the experiment did
    /// not need to run is the workspace's.
    /// </summary>
    public async Task<PlotRevision> ExperimentAsync(ITrackingStore store, Run experiment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(experiment);
        if (!ExperimentTable.IsExperiment(experiment))
        {
            throw AriadneException.InvalidArgument($"Run {experiment.Info.RunId} is neither a git revision nor an experiment; 'ariadne exp show' lists experiments.");
        }

        var runs = new List<Run>();
        await foreach (var run in store.SearchAllRunsAsync(new RunSearch([experiment.Info.ExperimentId]), cancellationToken).ConfigureAwait(false))
        {
            runs.Add(run);
        }

        var pipelineRuns = runs.Where(r => r.Info.ParentRunId == experiment.Info.RunId).Select(r => r.Info.RunId).ToHashSet(StringComparer.Ordinal);
        var hashes = new Dictionary<string, ContentHash>(StringComparer.Ordinal);
        foreach (var stageRun in runs.Where(r => r.Info.ParentRunId is { } parent && pipelineRuns.Contains(parent)))
        {
            foreach (var artifact in await store.ListArtifactsAsync(stageRun.Info.RunId, cancellationToken).ConfigureAwait(false))
            {
                if (artifact.Path.StartsWith("outs/", StringComparison.Ordinal) && ContentHash.TryParse(artifact.Hash, out var hash))
                {
                    hashes[artifact.Path["outs/".Length..]] = hash;
                }
            }
        }

        var fallback = Workspace;
        return new PlotRevision($"{experiment.Info.RunName}-{experiment.Info.RunId[..7]}", path =>
        {
            if (!hashes.TryGetValue(path, out var hash))
            {
                return fallback.Read(path);
            }

            if (!workspace.Cache.Contains(hash))
            {
                throw AriadneException.InvalidArgument($"The experiment's '{path}' (BLAKE3 {hash.Hex[..12]}) is no longer in the cache ('ariadne gc' removed it); run the experiment again to plot it.");
            }

            var bytes = File.ReadAllBytes(workspace.Cache.PathOf(hash));
            var actual = ContentHasher.HashBytes(bytes);
            return actual == hash ? bytes : throw AriadneException.ObjectCorrupt(hash.Hex, actual.Hex, "the cache");
        });
    }

    /// <summary>Every plot with its series (or images) from each of <paramref name="revisions"/>, in that order.</summary>
    public IReadOnlyList<RenderedPlot> Render(IReadOnlyList<PlotRevision> revisions)
    {
        ArgumentNullException.ThrowIfNull(revisions);
        if (pipeline.Plots.Count == 0)
        {
            throw AriadneException.InvalidArgument($"The pipeline has no plots: list the files under a stage's 'plots:' or the top-level 'plots:' of {PipelineFile.FileName} (see docs/pipelines.md).");
        }

        return [.. pipeline.Plots.Select(plot => Render(plot, revisions))];
    }

    private RenderedPlot Render(PlotDefinition plot, IReadOnlyList<PlotRevision> revisions)
    {
        var series = new List<PlotSeries>();
        var images = new List<PlotImage>();
        var problems = new List<string>();
        foreach (var source in plot.Sources)
        {
            if (SealedReason(source.File) is { } sealedReason)
            {
                problems.Add($"'{source.File}' {sealedReason}; plots never read it");
                continue;
            }

            foreach (var revision in revisions)
            {
                var bytes = revision.Read(source.File);
                if (bytes is null)
                {
                    problems.Add($"'{source.File}' is not in {revision.Name}");
                    continue;
                }

                if (PlotTable.IsImage(source.File))
                {
                    images.Add(new PlotImage(revision.Name, source.File, $"data:{Mime(source.File)};base64,{Convert.ToBase64String(bytes)}"));
                    continue;
                }

                PlotTable table;
                try
                {
                    table = PlotTable.Parse(bytes, source.File);
                }
                catch (AriadneException e)
                {
                    problems.Add($"{revision.Name}: {e.Message.TrimEnd('.')}");
                    continue;
                }

                if (plot.X is { } x && !table.Columns.Contains(x, StringComparer.Ordinal))
                {
                    problems.Add($"{revision.Name}: '{source.File}' has no field '{x}' for x (its fields: {string.Join(", ", table.Columns)})");
                    continue;
                }

                var fields = source.Fields.Count > 0 ? source.Fields
                    : [.. table.Columns.Where(c => c != plot.X && table.Rows.Any(r => PlotTable.Number(r.GetValueOrDefault(c)) is not null))];
                foreach (var field in fields)
                {
                    if (!table.Columns.Contains(field, StringComparer.Ordinal))
                    {
                        problems.Add($"{revision.Name}: '{source.File}' has no field '{field}' (its fields: {string.Join(", ", table.Columns)})");
                        continue;
                    }

                    var points = new List<(object X, double Y)>();
                    for (var i = 0; i < table.Rows.Count; i++)
                    {
                        var row = table.Rows[i];
                        if (PlotTable.Number(row.GetValueOrDefault(field)) is not { } y)
                        {
                            continue;
                        }

                        object xValue = plot.X is null ? i : PlotTable.Number(row.GetValueOrDefault(plot.X)) is { } number ? number : row.GetValueOrDefault(plot.X) ?? "";
                        points.Add((xValue, y));
                    }

                    series.Add(new PlotSeries(revision.Name, source.File, field, points));
                }
            }
        }

        return new RenderedPlot(plot.Id, plot.Title ?? plot.Id, plot.X ?? "step", series, images, problems);
    }

    /// <summary>Why <paramref name="path"/> must not be read: a sealed pointer, or the sealed part of a split; null otherwise.</summary>
    private string? SealedReason(string path)
    {
        if (path.EndsWith(".sealed", StringComparison.Ordinal))
        {
            return "is a sealed pointer";
        }

        var manifest = Path.Combine(Path.GetDirectoryName(Full(path))!, SplitManifest.FileName);
        try
        {
            return File.Exists(manifest) && SplitManifest.Read(manifest).Parts.FirstOrDefault(p => p.Sealed && p.File == Path.GetFileName(path)) is { } part
                ? $"is the sealed part '{part.Name}' of a split"
                : null;
        }
        catch (AriadneException)
        {
            return null;
        }
    }

    private string Full(string path) => Path.Combine(workspace.Root, path.Replace('/', Path.DirectorySeparatorChar));

    private static string Mime(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".png" => "image/png",
        ".gif" => "image/gif",
        ".svg" => "image/svg+xml",
        _ => "image/jpeg",
    };
}
