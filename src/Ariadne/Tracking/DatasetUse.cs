namespace Ariadne.Tracking;

/// <summary>A run that read a dataset version, and in which role.</summary>
public sealed record DatasetUse(RunInfo Run, string Role);
