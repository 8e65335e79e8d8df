namespace Ariadne.Pipelines;

/// <summary>A parameter value as a stage last ran with it.</summary>
public sealed record LockedParam(string File, string Key, string Value);
