using System.Globalization;
using Ariadne.Data.Splitting;
using Ariadne.Tracking;

namespace Ariadne.Data.Holdout;

/// <summary>
/// The SDK's way to read a sealed part of a split. Every read is recorded in the ledger (which model, which metric,
/// when) and on the current run (as an input and as tags); past the part's budget a read fails unless an override
/// with a written reason is given, and the reason is recorded too.
/// </summary>
public sealed class SealedTestSet
{
    private readonly SplitManifest _manifest;
    private readonly SplitPart _part;
    private readonly HoldoutLedger _ledger;
    private readonly TimeProvider _time;

    private SealedTestSet(SplitManifest manifest, SplitPart part, HoldoutLedger ledger, TimeProvider time)
    {
        _manifest = manifest;
        _part = part;
        _ledger = ledger;
        _time = time;
    }

    /// <summary>Opens the sealed part (default: the one the manifest marks sealed) of the split at <paramref name="manifestPath"/>.</summary>
    public static SealedTestSet Open(string manifestPath, string? part = null, HoldoutLedger? ledger = null, TimeProvider? time = null)
    {
        var manifest = SplitManifest.Read(manifestPath);
        var chosen = part is null
            ? manifest.Parts.FirstOrDefault(p => p.Sealed) ?? throw AriadneException.InvalidArgument($"The split in '{manifest.Folder}' has no sealed part. Split with --sealed test.")
            : manifest.Part(part);
        if (!chosen.Sealed)
        {
            throw AriadneException.InvalidArgument($"Part '{chosen.Name}' is not sealed; read it directly ({manifest.PartPath(chosen)}).");
        }

        return new SealedTestSet(manifest, chosen, ledger ?? HoldoutLedger.ForFolder(manifest.Folder), time ?? TimeProvider.System);
    }

    public string Part => _part.Name;

    public int Budget => _part.Budget ?? 1;

    public int Used => _ledger.List(_part.Blake3).Count;

    public IReadOnlyList<HoldoutAccess> Accesses => _ledger.List(_part.Blake3);

    /// <summary>
    /// Records a read for <paramref name="model"/> and <paramref name="metric"/> and returns the path of the sealed
    /// file. Throws <see cref="ErrorCode.HoldoutBudgetExceeded"/> past the budget unless <paramref name="overrideReason"/> is given.
    /// </summary>
    public async Task<string> ReadAsync(string model, string metric, ActiveRun? run = null, string? overrideReason = null, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(model) || string.IsNullOrWhiteSpace(metric))
        {
            throw AriadneException.InvalidArgument("Say which model is evaluated and on which metric: both are recorded with every read of a sealed set.");
        }

        var path = _manifest.PartPath(_part);
        var actual = Content.ContentHasher.HashFile(path).Hex;
        if (actual != _part.Blake3)
        {
            throw AriadneException.BadData(path, "sealed part", $"its content (blake3 {actual[..12]}) is not what the split manifest recorded ({_part.Blake3[..12]}). A sealed set must not change; split again to make a new one.");
        }

        var access = _ledger.Record(_part.Blake3, _part.Name, Path.Combine(_manifest.Folder, SplitManifest.FileName), run?.RunId, model, metric, Budget, overrideReason, _time.GetUtcNow());
        if (run is not null)
        {
            var number = Used;
            await run.LogInputAsync(_part.Blake3, $"{_part.Name} (sealed)", cancellationToken).ConfigureAwait(false);
            await run.SetTagAsync($"holdout.{_part.Name}.reads", number.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
            await run.SetTagAsync($"holdout.{_part.Name}.read.{access.Id}",
                $"model={model}; metric={metric}; time={access.Time:O}; budget={Budget}{(access.OverrideReason is null ? "" : $"; override={access.OverrideReason}")}", cancellationToken).ConfigureAwait(false);
        }

        return path;
    }
}
