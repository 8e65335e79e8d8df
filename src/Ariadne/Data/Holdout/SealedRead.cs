namespace Ariadne.Data.Holdout;

/// <summary>A recorded read of a sealed part: where its bytes are, the ledger entry, and how many of the budget's reads are spent now.</summary>
public sealed record SealedRead(string Path, HoldoutAccess Access, int Reads, int Budget)
{
    public int Left => Math.Max(0, Budget - Reads);
}
