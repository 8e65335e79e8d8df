namespace Ariadne.Pipelines;

/// <summary>A parameter value as a stage last ran with it.</summary>
internal sealed record LockedParam(string File, string Key, string Value);
