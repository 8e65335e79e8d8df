namespace Ariadne.Workspace;

/// <summary>What <c>ariadne verify</c> found: objects whose content no longer matches their name, and referenced objects that are absent.</summary>
public sealed record VerifyResult(string Where, int Checked, IReadOnlyList<string> Corrupt, IReadOnlyList<string> Missing)
{
    public bool Healthy => Corrupt.Count == 0;
}
