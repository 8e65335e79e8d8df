namespace Ariadne.RunContext;

/// <summary>
/// One way two environments differ: the <paramref name="Area"/> (runtime, sdk, os, cpu, gpu, driver, nuget, pin,
/// python, python package, variable), what differs, and its value on each side (null: absent there).
/// </summary>
internal sealed record EnvironmentDifference(string Area, string Name, string? Left, string? Right)
{
    /// <summary>Areas whose difference can change numbers: a different runtime, library, math library thread count or processor.</summary>
    public bool MayChangeResults => Area is not ("host" or "memory");

    public override string ToString() => $"{Area} {Name}: {Left ?? "(absent)"} -> {Right ?? "(absent)"}";
}
