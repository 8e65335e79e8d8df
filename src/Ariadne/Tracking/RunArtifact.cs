namespace Ariadne.Tracking;

/// <summary>A file a run produced, stored content-addressed in the workspace cache: path relative to the run's artifact root.</summary>
public sealed record RunArtifact(string Path, string Hash, long Size);
