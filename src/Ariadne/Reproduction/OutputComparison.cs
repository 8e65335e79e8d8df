namespace Ariadne.Reproduction;

/// <summary>One output file of the original run against the reproduction's, by content hash. Null: absent on that side.</summary>
internal sealed record OutputComparison(string Scope, string Path, string? OriginalHash, string? ReproducedHash)
{
    public bool Matched => OriginalHash is not null && OriginalHash == ReproducedHash;
}
