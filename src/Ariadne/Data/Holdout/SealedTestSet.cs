using System.Globalization;
using Ariadne.Data.Splitting;
using Ariadne.Tracking;

namespace Ariadne.Data.Holdout;

/// <summary>
/// The SDK's way to read a sealed part of a split. Every read is recorded in the ledger (which model, which metric,
/// when) and on the current run (as an input and as tags); past the part's budget a read fails unless an override
/// with a written reason is given, and the reason is recorded too. The ledger is the tracking store's, keyed by the
/// part's content hash: the workspace, its experiment and sweep working copies, other processes, Slurm jobs and (over
/// a tracking server) a whole team share one budget. Inside an experiment or sweep trial
/// (<see cref="TrackingKeys.SealedReadsVariable"/> set to <c>refuse</c>) every read fails.
/// </summary>
public sealed class SealedTestSet
{
    private readonly SplitManifest _manifest;
    private readonly SplitPart _part;
    private readonly IHoldoutLedger _ledger;
    private readonly TimeProvider _time;

    private SealedTestSet(SplitManifest manifest, SplitPart part, IHoldoutLedger ledger, TimeProvider time)
    {
        _manifest = manifest;
        _part = part;
        _ledger = ledger;
        _time = time;
    }

    /// <summary>Opens the sealed part of the split at <paramref name="manifestPath"/>, recording reads in <paramref name="tracking"/>'s store.</summary>
    public static SealedTestSet Open(string manifestPath, TrackingClient tracking, string? part = null)
    {
        ArgumentNullException.ThrowIfNull(tracking);
        return Open(manifestPath, tracking.Store, part, tracking.Time);
    }

    /// <summary>Opens the sealed part (default: the one the manifest marks sealed) of the split at <paramref name="manifestPath"/>.</summary>
    public static SealedTestSet Open(string manifestPath, IHoldoutLedger ledger, string? part = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var manifest = SplitManifest.Read(manifestPath);
        var chosen = part is null
            ? manifest.Parts.FirstOrDefault(p => p.Sealed) ?? throw AriadneException.InvalidArgument($"The split in '{manifest.Folder}' has no sealed part. Split with --sealed test.")
            : manifest.Part(part);
        if (!chosen.Sealed)
        {
            throw AriadneException.InvalidArgument($"Part '{chosen.Name}' is not sealed; read it directly ({manifest.PartPath(chosen)}).");
        }

        return new SealedTestSet(manifest, chosen, ledger, time ?? TimeProvider.System);
    }

    /// <summary>The sealed part's name in the split, e.g. <c>test</c>.</summary>
    public string Part => _part.Name;

    /// <summary>The part's content hash: the key of its ledger.</summary>
    public string Blake3 => _part.Blake3;

    /// <summary>How many reads the split allows before an override reason is needed.</summary>
    public int Budget => _part.Budget ?? 1;

    /// <summary>How many reads of this part the ledger holds (by anyone, from any working copy).</summary>
    public async Task<int> CountReadsAsync(CancellationToken cancellationToken = default) =>
        (await _ledger.ListHoldoutReadsAsync(_part.Blake3, cancellationToken).ConfigureAwait(false)).Count;

    /// <summary>Every recorded read of this sealed part, from every run and process that shares the tracking store.</summary>
    public Task<IReadOnlyList<HoldoutAccess>> ListReadsAsync(CancellationToken cancellationToken = default) =>
        _ledger.ListHoldoutReadsAsync(_part.Blake3, cancellationToken);

    /// <summary>
    /// Records a read for <paramref name="model"/> and <paramref name="metric"/> and hands out the sealed bytes: a copy
    /// from the content cache (fetched from the default remote when this clone lacks them), deleted when the returned
    /// <see cref="SealedRead"/> is disposed. Throws <see cref="ErrorCode.HoldoutBudgetExceeded"/> past the budget unless <paramref name="overrideReason"/> is given.
    /// </summary>
    public async Task<SealedRead> ReadAsync(string model, string metric, ActiveRun? run = null, string? overrideReason = null, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(model) || string.IsNullOrWhiteSpace(metric))
        {
            throw AriadneException.InvalidArgument("Say which model is evaluated and on which metric: both are recorded with every read of a sealed set.");
        }

        if (SealedReadsRefused(out var why))
        {
            throw AriadneException.SealedReadRefused(_part.Name, why);
        }

        // The bytes are found (and fetched, and verified) before the read is recorded: a read that cannot happen spends nothing.
        var (source, plainFile) = await SealedPartStore.LocateAsync(_manifest, _part, cancellationToken).ConfigureAwait(false);
        var access = await _ledger.RecordHoldoutReadAsync(
            new HoldoutRead(_part.Blake3, _part.Name, Path.Combine(_manifest.Folder, SplitManifest.FileName), run?.RunId, model, metric, Budget, overrideReason, _time.GetUtcNow()),
            cancellationToken).ConfigureAwait(false);
        var reads = await CountReadsAsync(cancellationToken).ConfigureAwait(false);
        if (run is not null)
        {
            await run.LogInputAsync(_part.Blake3, $"{_part.Name} (sealed)", cancellationToken).ConfigureAwait(false);
            await run.SetTagAsync($"holdout.{_part.Name}.reads", reads.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
            await run.SetTagAsync($"holdout.{_part.Name}.read.{access.Id}",
                $"model={model}; metric={metric}; time={access.Time:O}; budget={Budget}{(access.OverrideReason is null ? "" : $"; override={access.OverrideReason}")}", cancellationToken).ConfigureAwait(false);
        }

        return new SealedRead(plainFile ? source : CopyOut(source), access, reads, Budget) { PlainFile = plainFile };
    }

    /// <summary>True when this split keeps its sealed part as a plain file, as splits did before sealed parts moved into the content cache.</summary>
    public bool IsPlainFile => _part.Pointer is null;

    /// <summary>A private copy of the sealed bytes under the part's file name, in a new temporary folder.</summary>
    private string CopyOut(string source)
    {
        var folder = Path.Combine(Path.GetTempPath(), "ariadne-sealed", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var copy = Path.Combine(folder, _part.File);
        File.Copy(source, copy);
        Content.FileModes.MakeWritable(copy);
        return copy;
    }

    /// <summary>Whether this process runs where sealed reads are refused (an experiment or sweep trial without --read-sealed), and why.</summary>
    internal static bool SealedReadsRefused(out string why)
    {
        var value = Environment.GetEnvironmentVariable(TrackingKeys.SealedReadsVariable);
        if (value is not null && value.StartsWith("refuse", StringComparison.Ordinal))
        {
            why = value.Length > "refuse".Length ? value["refuse".Length..].TrimStart(':', ' ') : "this process runs inside an experiment or a sweep trial";
            return true;
        }

        why = "";
        return false;
    }
}
