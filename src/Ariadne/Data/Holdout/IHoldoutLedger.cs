namespace Ariadne.Data.Holdout;

/// <summary>
/// The ledger of sealed-set reads: one per sealed part, keyed by the part's content hash. Every tracking store keeps
/// it (<see cref="Tracking.ITrackingStore"/> extends this), so the workspace, its experiment and sweep working copies,
/// other processes and Slurm jobs, or a whole team on one tracking server, all spend one budget.
/// </summary>
public interface IHoldoutLedger
{
    /// <summary>
    /// Counts the part's recorded reads and records this one in one transaction: when the count has reached
    /// <see cref="HoldoutRead.Budget"/> and no override reason is given, throws
    /// <see cref="ErrorCode.HoldoutBudgetExceeded"/> and records nothing. Two writers racing for the last read
    /// cannot both get it. A read whose <see cref="HoldoutRead.ReadId"/> is recorded already is not counted again:
    /// the first record is returned, whatever the budget is now.
    /// </summary>
    Task<HoldoutAccess> RecordHoldoutReadAsync(HoldoutRead read, CancellationToken cancellationToken);

    /// <summary>Every recorded read, oldest first; only those of one part when <paramref name="partBlake3"/> is given.</summary>
    Task<IReadOnlyList<HoldoutAccess>> ListHoldoutReadsAsync(string? partBlake3, CancellationToken cancellationToken);
}
