using Ariadne.Tracking;

namespace Ariadne.Data.Splitting;

/// <summary>Records splits on a tracked run.</summary>
public static class SplitRunExtensions
{
    /// <summary>
    /// Records a split on a run that uses it (training, evaluation): the source data and every part that is not sealed
    /// as inputs (by BLAKE3, role = part name), and the seed and columns as params. The sealed part is recorded only
    /// when it is read through <see cref="Holdout.SealedTestSet"/>. The run that made the split records it with
    /// <see cref="LogSplitMadeAsync"/> instead.
    /// </summary>
    public static async Task LogSplitAsync(this ActiveRun run, SplitManifest manifest, CancellationToken cancellationToken = default)
    {
        await LogSplitMadeAsync(run, manifest, cancellationToken).ConfigureAwait(false);
        foreach (var part in manifest.Parts.Where(p => !p.Sealed))
        {
            await run.LogInputAsync(part.Blake3, part.Name, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Records a split on the run that made it: the source data as its input (role <c>source</c>) and the seed and
    /// columns as params. The parts are that run's outputs, not its inputs (a pipeline stage records them through its
    /// <c>outs</c>), so the lineage walks from a part back through this run to the source without a cycle.
    /// </summary>
    public static async Task LogSplitMadeAsync(this ActiveRun run, SplitManifest manifest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(manifest);
        await run.LogInputAsync(manifest.SourceBlake3, "source", cancellationToken).ConfigureAwait(false);
        await run.LogParamsAsync(
        [
            new("split.seed", manifest.Seed),
            new("split.ratios", string.Join(",", manifest.Ratios.Select(r => r.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))),
            new("split.by", manifest.By ?? "(row content)"),
            new("split.group", manifest.Group ?? ""),
            new("split.stratify", manifest.Stratify ?? ""),
            new("split.source_blake3", manifest.SourceBlake3),
        ], cancellationToken).ConfigureAwait(false);
    }
}
