namespace Ariadne.Workspace;

/// <summary>What push, fetch or pull moved. <see cref="Failed"/> lists objects that could not be moved, with why.</summary>
internal sealed record TransferResult(string Remote, int Transferred, long Bytes, int AlreadyThere, IReadOnlyList<string> Failed)
{
    public bool Complete => Failed.Count == 0;

    public CheckoutResult? Checkout { get; init; }
}
