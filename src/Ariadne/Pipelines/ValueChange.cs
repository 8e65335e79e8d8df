namespace Ariadne.Pipelines;

/// <summary>A parameter or metric that differs between a git revision and the workspace; null where it is absent.</summary>
internal sealed record ValueChange(string File, string Key, string? Old, string? New)
{
    public bool Changed => Old != New;
}
