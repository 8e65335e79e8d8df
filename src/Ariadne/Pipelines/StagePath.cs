namespace Ariadne.Pipelines;

/// <summary>A dependency or output of a stage: workspace-relative with '/' separators, and the line that names it.</summary>
internal sealed record StagePath(string Path, int Line)
{
    /// <summary>True when <paramref name="other"/> is this path or lies inside it.</summary>
    public bool Contains(string other) =>
        other == Path || other.StartsWith(Path + "/", StringComparison.Ordinal);

    /// <summary>True when one of the two paths is the other or lies inside it.</summary>
    public bool Overlaps(string other) => Contains(other) || new StagePath(other, 0).Contains(Path);
}
