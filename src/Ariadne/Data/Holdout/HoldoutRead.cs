namespace Ariadne.Data.Holdout;

/// <summary>
/// A read of a sealed part to record: which part (by content hash, the ledger's key), from which split manifest, by
/// which run, for which model and metric, when, under which budget, and the override reason when past it.
/// </summary>
public sealed record HoldoutRead(string PartBlake3, string Part, string Manifest, string? RunId, string Model, string Metric, int Budget, string? OverrideReason, DateTimeOffset Time)
{
    /// <summary>
    /// The id the caller chose for this read, new for every read made (a copy made with <c>with</c> keeps it). The
    /// ledger records it in the same transaction as the read, so recording the same read again (a retry after a lost
    /// answer, over HTTP or not) returns the first record and counts once.
    /// </summary>
    public Guid ReadId { get; init; } = Guid.NewGuid();

    /// <summary>
    /// The read as every ledger stores it: the override reason trimmed (blank is none); throws InvalidArgument naming
    /// what is missing. Every store calls this before it records, so the rules are the same over SQLite, PostgreSQL and HTTP.
    /// </summary>
    public HoldoutRead Checked()
    {
        if (PartBlake3 is not { Length: 64 } || !PartBlake3.All(char.IsAsciiHexDigitLower))
        {
            throw AriadneException.InvalidArgument($"A sealed part is keyed by its BLAKE3 content hash (64 lowercase hex digits), not '{PartBlake3}'. Read it through SealedTestSet or 'ariadne holdout read', which take the hash from split.json.");
        }

        if (string.IsNullOrWhiteSpace(Part) || string.IsNullOrWhiteSpace(Manifest))
        {
            throw AriadneException.InvalidArgument("A read of a sealed set names its part and its split manifest; both are recorded in the ledger.");
        }

        if (string.IsNullOrWhiteSpace(Model) || string.IsNullOrWhiteSpace(Metric))
        {
            throw AriadneException.InvalidArgument("Say which model is evaluated and on which metric: both are recorded with every read of a sealed set.");
        }

        if (ReadId == Guid.Empty)
        {
            throw AriadneException.InvalidArgument("A read of a sealed set needs a read id (a new GUID per read, the same on every retry of it); the empty GUID names no read.");
        }

        if (Budget < 1)
        {
            throw AriadneException.InvalidArgument($"A sealed part's budget is at least 1 read, not {Budget}. Split again with --budget N.");
        }

        return this with { OverrideReason = string.IsNullOrWhiteSpace(OverrideReason) ? null : OverrideReason.Trim(), RunId = string.IsNullOrEmpty(RunId) ? null : RunId };
    }
}
