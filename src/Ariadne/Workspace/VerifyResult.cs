namespace Ariadne.Workspace;

/// <summary>
/// What <c>ariadne verify</c> found: objects whose content no longer matches their name, and referenced objects that
/// are absent. With <c>--repair</c>, <see cref="Repaired"/> lists the objects replaced by verified copies from a
/// remote; <see cref="Corrupt"/> and <see cref="Missing"/> then list only what is still wrong.
/// </summary>
internal sealed record VerifyResult(string Where, int Checked, IReadOnlyList<string> Corrupt, IReadOnlyList<string> Missing)
{
    public IReadOnlyList<string> Repaired { get; init; } = [];

    public bool Healthy => Corrupt.Count == 0;
}
